package dev.nixinfra.providers.bootstrap;

import dev.nixinfra.providers.ssh.HostKeyPolicy;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The machine a bootstrap converts, reached as root.
 *
 * @param host name or address
 * @param port SSH port, 1 to 65535
 * @param createdByNixinfra true for a Hetzner Cloud server nixinfra created itself: only then may the first
 *     contact trust the host key it sees (nobody could know it yet), and only then does nixos-infect get
 *     {@code PROVIDER=hetznercloud}
 * @param pinnedHostKey the host key already known (configuration or state); checked on the first contact
 * @param knownHosts for machines nixinfra did not create and whose key is not pinned: the known_hosts file that
 *     must list the key
 */
public record BootstrapTarget(String host, int port, boolean createdByNixinfra, Optional<String> pinnedHostKey,
    Optional<Path> knownHosts) {
  public BootstrapTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(pinnedHostKey, "pinnedHostKey");
    Objects.requireNonNull(knownHosts, "knownHosts");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("an SSH port must be between 1 and 65535, not " + port);
    }
  }

  /**
   * How the host key is checked on the first contact: the pinned key when there is one; else trust on first use
   * for servers nixinfra created; else the known_hosts file.
   *
   * @throws IllegalStateException for a machine nixinfra did not create whose key is neither pinned nor in a
   *     known_hosts file: trust on first use is refused for those
   */
  public HostKeyPolicy firstContactPolicy() {
    if (pinnedHostKey.isPresent()) {
      return new HostKeyPolicy.Pinned(pinnedHostKey.get());
    }
    if (createdByNixinfra) {
      return new HostKeyPolicy.TrustOnFirstUse();
    }
    return knownHosts.<HostKeyPolicy>map(HostKeyPolicy.KnownHosts::new).orElseThrow(() -> new IllegalStateException(
        host + ": the host key of a machine nixinfra did not create must be pinned (host_key) or in "
            + "ssh.known_hosts; it is not trusted on first use"));
  }
}
