package dev.nixinfra.providers.ssh;

import java.util.Optional;

/**
 * The server's host key did not pass the {@link HostKeyPolicy}: it differs from the pinned or known one, or
 * known_hosts has no entry for the host. Nothing was sent to that host after its key was seen (no
 * authentication, no command). Never retried.
 */
public final class HostKeyRejectedException extends SshTransportException {
  private final String offered;
  private final transient Optional<String> expected;

  public HostKeyRejectedException(String message, String offered, Optional<String> expected) {
    super(message);
    this.offered = offered;
    this.expected = expected;
  }

  /** The key the server offered, as an OpenSSH public key line. */
  public String offered() {
    return offered;
  }

  /** The key that was expected; empty when none was known for the host. */
  public Optional<String> expected() {
    return expected;
  }
}
