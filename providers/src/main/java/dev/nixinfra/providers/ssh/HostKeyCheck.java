package dev.nixinfra.providers.ssh;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

/**
 * The one {@link ServerKeyVerifier} of the shared client. Each connection attempt carries its {@link Attempt}
 * (policy, host) in the session's connection context; a session without one is refused, so no connection can
 * skip the check. On refusal the attempt keeps a {@link HostKeyRejectedException} for {@link SshTransport} to
 * throw instead of MINA's generic "Server key did not validate".
 */
final class HostKeyCheck implements ServerKeyVerifier {
  static final AttributeKey<Attempt> ATTEMPT = new AttributeKey<>();

  /** One connection attempt: what to check against, and what was seen. */
  static final class Attempt {
    final String name;
    final String hostName;
    final int port;
    final HostKeyPolicy policy;
    volatile String offered;
    volatile HostKeyRejectedException rejection;

    Attempt(String name, String hostName, int port, HostKeyPolicy policy) {
      this.name = name;
      this.hostName = hostName;
      this.port = port;
      this.policy = policy;
    }

    AttributeRepository context() {
      return AttributeRepository.ofKeyValuePair(ATTEMPT, this);
    }
  }

  private final Map<Path, KnownHostsServerKeyVerifier> knownHosts = new ConcurrentHashMap<>();

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    Attempt a = attempt(session);
    if (a == null) {
      return false;
    }
    String offered = HostKeys.toLine(key);
    a.offered = offered;
    HostKeyPolicy policy = a.policy;
    switch (policy.kind()) {
      case TRUST_ON_FIRST_USE:
        return true;
      case PINNED: {
        String expected = ((HostKeyPolicy.Pinned) policy).line();
        if (HostKeys.sameKey(expected, offered)) {
          return true;
        }
        a.rejection = changed(a, expected, offered, "update host_key for this host in the configuration "
            + "(or in state, where nixinfra pinned it) to the new key, after checking it on the server with "
            + "'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub'");
        return false;
      }
      case KNOWN_HOSTS: {
        Path file = ((HostKeyPolicy.KnownHosts) policy).file();
        return knownHosts.computeIfAbsent(file, HostKeyCheck::knownHostsVerifier)
            .verifyServerKey(session, remote, key);
      }
    }
    throw new IllegalStateException("unknown host key policy " + policy.kind());
  }

  private static KnownHostsServerKeyVerifier knownHostsVerifier(Path file) {
    // No entry for the host: refuse, and never add one (the delegate decides, and it says no).
    KnownHostsServerKeyVerifier v = new KnownHostsServerKeyVerifier((session, remote, key) -> {
      Attempt a = attempt(session);
      if (a != null) {
        String offered = HostKeys.toLine(key);
        a.rejection = new HostKeyRejectedException(a.name + ": " + file + " has no entry for "
            + knownHostsName(a) + ", so its host key " + HostKeys.fingerprint(offered) + " cannot be checked. "
            + "nixinfra did not connect. Connect once with ssh to check and record the key, add the key to "
            + file + " yourself, or pin it with host_key.", offered, Optional.empty());
      }
      return false;
    }, file);
    v.setModifiedServerKeyAcceptor((session, remote, entry, expected, actual) -> {
      Attempt a = attempt(session);
      if (a != null) {
        a.rejection = changed(a, HostKeys.toLine(expected), HostKeys.toLine(actual), "if the server was "
            + "reinstalled on purpose, run 'ssh-keygen -R " + Shell.quote(knownHostsName(a)) + " -f "
            + Shell.quote(file.toString()) + "' and connect once with ssh to record the new key");
      }
      return false;
    });
    return v;
  }

  private static HostKeyRejectedException changed(Attempt a, String expected, String offered, String fix) {
    return new HostKeyRejectedException(a.name + " (" + a.hostName + ":" + a.port + ") offered a different host "
        + "key than expected: expected " + HostKeys.fingerprint(expected) + " (" + type(expected) + "), offered "
        + HostKeys.fingerprint(offered) + " (" + type(offered) + "). Someone may be intercepting the connection, "
        + "or the server was reinstalled. nixinfra did not connect. To fix: " + fix + ".", offered,
        Optional.of(expected));
  }

  /** The host as OpenSSH writes it in known_hosts: {@code host}, or {@code [host]:port} off port 22. */
  static String knownHostsName(Attempt a) {
    return a.port == 22 ? a.hostName : "[" + a.hostName + "]:" + a.port;
  }

  private static String type(String line) {
    return line.trim().split("\\s+")[0];
  }

  private static Attempt attempt(ClientSession session) {
    AttributeRepository context = session.getConnectionContext();
    return context == null ? null : context.getAttribute(ATTEMPT);
  }
}
