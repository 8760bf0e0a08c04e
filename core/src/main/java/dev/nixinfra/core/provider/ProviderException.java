package dev.nixinfra.core.provider;

/**
 * A provider operation failed. The message is shown to the user as it is: one clear sentence of what failed
 * and, where known, how to fix it. It never contains secrets.
 */
public class ProviderException extends Exception {
  public ProviderException(String message) {
    super(message);
  }

  public ProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
