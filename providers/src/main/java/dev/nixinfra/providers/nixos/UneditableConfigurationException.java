package dev.nixinfra.providers.nixos;

/**
 * A configuration.nix that {@link ImportLine} will not edit because it cannot tell, without guessing, where the
 * module's {@code imports} list is. The message says why and which line to add by hand.
 */
public final class UneditableConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UneditableConfigurationException(String message) {
    super(message);
  }
}
