package dev.nixinfra.providers.ssh;

import dev.nixinfra.core.provider.ProviderException;

/**
 * A host could not be reached, authenticated or talked to over SSH. The message names the host and, where
 * known, how to fix the problem; it never contains key material other than public fingerprints.
 */
public class SshTransportException extends ProviderException {
  public SshTransportException(String message) {
    super(message);
  }

  public SshTransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
