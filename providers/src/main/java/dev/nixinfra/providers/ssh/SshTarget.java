package dev.nixinfra.providers.ssh;

import java.util.Objects;
import java.util.Optional;

/**
 * One host to reach over SSH. Equal targets share one connection in {@link SshTransport}.
 *
 * @param host a name or address, or a {@code Host} alias of the SSH client configuration, whose
 *     {@code HostName}, {@code Port}, {@code User} and {@code IdentityFile} then apply
 * @param port 1 to 65535, or 0 for "as the SSH client configuration says, else 22"
 * @param user the remote user, or empty for "as the SSH client configuration says, else root"
 * @param hostKeyPolicy how the server's host key is checked
 */
public record SshTarget(String host, int port, Optional<String> user, HostKeyPolicy hostKeyPolicy) {
  public SshTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
    if (host.isBlank() || !host.chars().allMatch(c -> c > ' ' && c < 127)) {
      throw new IllegalArgumentException("an SSH host must be a name or address without spaces: '" + host + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("an SSH port must be between 1 and 65535, not " + port);
    }
    if (user.isPresent() && (user.get().isBlank() || !user.get().chars().allMatch(c -> c > ' ' && c < 127))) {
      throw new IllegalArgumentException("an SSH user must be a name without spaces: '" + user.get() + "'");
    }
  }

  /** The usual case: {@code user@host:port} with a host key pinned in configuration or state. */
  public static SshTarget pinned(String host, int port, String user, String hostKeyLine) {
    return new SshTarget(host, port, Optional.of(user), new HostKeyPolicy.Pinned(hostKeyLine));
  }

  /** The pinned host key line, when the policy is {@link HostKeyPolicy.Pinned}. */
  public Optional<String> hostKey() {
    return hostKeyPolicy instanceof HostKeyPolicy.Pinned p ? Optional.of(p.line()) : Optional.empty();
  }

  /** {@code user@host:port} with the parts that are set, for messages. */
  public String display() {
    return user.map(u -> u + "@").orElse("") + host + (port == 0 ? "" : ":" + port);
  }
}
