package dev.nixinfra.providers.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How nixinfra authenticates and how patiently it connects. Immutable; the {@code with...} methods return copies.
 *
 * @param identity the {@code ssh.identity} private key (OpenSSH or PEM format, ed25519 or RSA, without
 *     passphrase); empty to use the configuration's {@code IdentityFile} entries and the agent only
 * @param sshConfig the OpenSSH client configuration whose {@code Host} aliases apply, normally
 *     {@code ~/.ssh/config}; empty to ignore it
 * @param agentSocket the ssh-agent's socket ({@code SSH_AUTH_SOCK}); empty for no agent
 * @param connectTimeout one TCP connection and SSH key exchange
 * @param authTimeout the authentication after the key exchange
 * @param retryDeadline how long a host that refuses connections (rebooting, not yet up) is retried
 * @param retryInterval the wait between two such tries
 */
public record SshSettings(Optional<Path> identity, Optional<Path> sshConfig, Optional<Path> agentSocket,
    Duration connectTimeout, Duration authTimeout, Duration retryDeadline, Duration retryInterval) {
  public SshSettings {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(sshConfig, "sshConfig");
    Objects.requireNonNull(agentSocket, "agentSocket");
    positive(connectTimeout, "connectTimeout");
    positive(authTimeout, "authTimeout");
    positive(retryInterval, "retryInterval");
    Objects.requireNonNull(retryDeadline, "retryDeadline");
    if (retryDeadline.isNegative()) {
      throw new IllegalArgumentException("retryDeadline must not be negative, not " + retryDeadline);
    }
  }

  /**
   * The production settings: {@code identity} if given; {@code ~/.ssh/config} when it exists; the agent from
   * {@code SSH_AUTH_SOCK} in {@code env} when set; 10 s to connect, 10 s to authenticate; refused connections
   * retried every 2 s for 5 min (long enough for a server to reboot).
   */
  public static SshSettings of(Optional<Path> identity, Map<String, String> env, Path home) {
    Path config = home.resolve(".ssh").resolve("config");
    String sock = env.get("SSH_AUTH_SOCK");
    return new SshSettings(identity, Files.isRegularFile(config) ? Optional.of(config) : Optional.empty(),
        sock == null || sock.isBlank() ? Optional.empty() : Optional.of(Path.of(sock)), Duration.ofSeconds(10),
        Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(2));
  }

  /** Only {@code identity}: no SSH client configuration, no agent; the default timeouts. */
  public static SshSettings identityOnly(Path identity) {
    return new SshSettings(Optional.of(identity), Optional.empty(), Optional.empty(), Duration.ofSeconds(10),
        Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(2));
  }

  public SshSettings withSshConfig(Optional<Path> file) {
    return new SshSettings(identity, file, agentSocket, connectTimeout, authTimeout, retryDeadline, retryInterval);
  }

  public SshSettings withAgentSocket(Optional<Path> socket) {
    return new SshSettings(identity, sshConfig, socket, connectTimeout, authTimeout, retryDeadline, retryInterval);
  }

  public SshSettings withTimeouts(Duration connect, Duration auth) {
    return new SshSettings(identity, sshConfig, agentSocket, connect, auth, retryDeadline, retryInterval);
  }

  public SshSettings withRetry(Duration deadline, Duration interval) {
    return new SshSettings(identity, sshConfig, agentSocket, connectTimeout, authTimeout, deadline, interval);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }
}
