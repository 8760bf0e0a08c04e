package dev.nixinfra.providers.nix;

/**
 * A file's nixinfra markers are not one BEGIN followed by one END: someone edited them, or two runs raced. nixinfra
 * will not guess which lines are its own; the user repairs the markers by hand. The message says which lines are
 * wrong (1-based) and how to fix them; the caller adds the file's path.
 */
public final class DamagedBlockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DamagedBlockException(String message) {
    super(message);
  }
}
