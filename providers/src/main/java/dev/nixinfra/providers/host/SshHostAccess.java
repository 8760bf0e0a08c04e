package dev.nixinfra.providers.host;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.HostKeyPolicy;
import dev.nixinfra.providers.ssh.LocalRunner;
import dev.nixinfra.providers.ssh.SshTransportException;
import dev.nixinfra.providers.ssh.SshTarget;
import dev.nixinfra.providers.ssh.SshTransport;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The production {@link HostAccess}: {@code host: local} runs on this machine through one {@link LocalRunner}
 * (with {@code sudo -n} unless root); any other host is reached as root through the one {@link SshTransport} of the
 * run, which keeps one connection per target. The host key is pinned when the attributes carry one (from the
 * configuration or from state after the first apply); otherwise it must be in {@code ssh.known_hosts}. Trust on
 * first use is never used here: these are machines nixinfra did not create.
 */
public final class SshHostAccess implements HostAccess {
  public static final String LOCAL = "local";

  /**
   * The run's transport, asked for on the first SSH connection only, so that a run that reaches only this machine
   * needs no SSH identity. Owned and closed by the caller.
   */
  @FunctionalInterface
  public interface TransportSource {
    SshTransport get() throws SshTransportException;
  }

  private final TransportSource transport;
  private final Path knownHosts;
  private volatile LocalRunner local;

  /**
   * @param transport gives the run's transport
   * @param knownHosts {@code ssh.known_hosts}: where keys of hosts without a pinned {@code host_key} are looked up
   */
  public SshHostAccess(TransportSource transport, Path knownHosts) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.knownHosts = Objects.requireNonNull(knownHosts, "knownHosts");
  }

  @Override
  public Connection connect(Address address, Attributes attributes) throws ProviderException {
    Optional<SshTarget> target = target(address, attributes);
    return target.isEmpty() ? local() : transport.get().connect(target.get());
  }

  @Override
  public Connection reconnect(Address address, Attributes attributes) throws ProviderException {
    Optional<SshTarget> target = target(address, attributes);
    return target.isEmpty() ? local() : transport.get().reconnect(target.get());
  }

  /** The SSH target of the resource's host; empty for {@code host: local}. */
  private Optional<SshTarget> target(Address address, Attributes attributes) throws ProviderException {
    String host = attributes.string("host").orElseThrow(() -> new ProviderException(
        address + ": the host is not known yet, so it cannot be contacted"));
    if (host.equals(LOCAL)) {
      return Optional.empty();
    }
    int port = attributes.integer("port").map(Long::intValue).orElse(22);
    Optional<String> hostKey = attributes.string("host_key").filter(k -> !k.isBlank());
    HostKeyPolicy policy = hostKey.<HostKeyPolicy>map(HostKeyPolicy.Pinned::new)
        .orElseGet(() -> new HostKeyPolicy.KnownHosts(knownHosts));
    return Optional.of(new SshTarget(host, port, Optional.of("root"), policy));
  }

  private LocalRunner local() {
    LocalRunner l = local;
    if (l == null) {
      synchronized (this) {
        if (local == null) {
          local = LocalRunner.create();
        }
        l = local;
      }
    }
    return l;
  }
}
