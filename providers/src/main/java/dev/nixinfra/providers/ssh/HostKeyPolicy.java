package dev.nixinfra.providers.ssh;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the host key a server offers is checked. There is no "accept anything": every policy either knows the key
 * in advance or, for {@link TrustOnFirstUse}, hands the key it saw back to the caller to be pinned.
 */
public sealed interface HostKeyPolicy {
  /** Which kind of policy this is; switch on it without a {@code default}. */
  enum Kind { KNOWN_HOSTS, PINNED, TRUST_ON_FIRST_USE }

  Kind kind();

  /**
   * The key must be listed for the host in an OpenSSH {@code known_hosts} file (hashed names and
   * {@code [host]:port} entries work as in OpenSSH). A missing entry or a different key refuses the host; the
   * file is never written.
   */
  record KnownHosts(Path file) implements HostKeyPolicy {
    public KnownHosts {
      Objects.requireNonNull(file, "file");
    }

    @Override
    public Kind kind() {
      return Kind.KNOWN_HOSTS;
    }
  }

  /**
   * The key must be exactly this one: an OpenSSH public key line ({@code type base64 [comment]}), from the
   * configuration's {@code host_key} or from state. The line is stored without its comment.
   */
  record Pinned(String line) implements HostKeyPolicy {
    public Pinned {
      line = HostKeys.normalize(line);
    }

    @Override
    public Kind kind() {
      return Kind.PINNED;
    }
  }

  /**
   * Any key is accepted once and returned by {@link Connection#hostKey()} so that the caller pins it in state.
   * Only for servers nixinfra created itself, seconds ago, whose key nobody could know yet; every later
   * connection must use {@link Pinned}.
   */
  record TrustOnFirstUse() implements HostKeyPolicy {
    @Override
    public Kind kind() {
      return Kind.TRUST_ON_FIRST_USE;
    }
  }
}
