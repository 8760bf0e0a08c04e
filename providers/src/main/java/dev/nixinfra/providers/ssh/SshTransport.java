package dev.nixinfra.providers.ssh;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.future.CancelOption;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * SSH connections to the hosts of one run. One MINA {@link SshClient}, started once; one authenticated session
 * per {@link SshTarget}, reused for every command on that host and replaced when it dies. Create one transport
 * per process and {@link #close()} it at the end. Thread-safe: hosts connect in parallel, and two callers for
 * the same target wait for one connection.
 *
 * <p>The client never reads {@code ~/.ssh/id_*} or {@code known_hosts} on its own: keys come from
 * {@link SshSettings} (and {@code IdentityFile} of the SSH client configuration), host keys are checked by the
 * target's {@link HostKeyPolicy}.
 */
public final class SshTransport implements AutoCloseable {
  /**
   * Key exchanges in order of preference. curve25519 first, as measured in ssh-fanout.md; sntrup761 is left
   * out because it costs about 110 ms of CPU per connection, and Bouncy Castle would otherwise enable it.
   */
  private static final List<BuiltinDHFactories> KEX = List.of(BuiltinDHFactories.curve25519,
      BuiltinDHFactories.curve25519_libssh, BuiltinDHFactories.mlkem768x25519, BuiltinDHFactories.ecdhp256,
      BuiltinDHFactories.ecdhp384, BuiltinDHFactories.ecdhp521, BuiltinDHFactories.dhgex256,
      BuiltinDHFactories.dhg16_512, BuiltinDHFactories.dhg18_512, BuiltinDHFactories.dhg14_256);

  private final SshSettings settings;
  private final SshClient client;
  private final List<KeyPair> identity;
  private final Map<Path, List<KeyPair>> configIdentities = new ConcurrentHashMap<>();
  private final Map<SshTarget, Object> locks = new ConcurrentHashMap<>();
  private final Map<SshTarget, SshConnection> connections = new ConcurrentHashMap<>();
  /** Connections replaced by {@link #reconnect}, closed with the transport. */
  private final List<SshConnection> retired = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /**
   * Loads {@code ssh.identity} (so a bad key fails before any host is touched) and starts the client.
   *
   * @throws SshTransportException when the identity is missing, unreadable, encrypted or not a key
   */
  public SshTransport(SshSettings settings) throws SshTransportException {
    this.settings = settings;
    this.identity = settings.identity().isPresent() ? Identities.load(settings.identity().get()) : List.of();
    SshClient c = SshClient.setUpDefaultClient();
    // MINA's defaults accept every host key, read ~/.ssh/config and ~/.ssh/id_*: all three are replaced.
    c.setServerKeyVerifier(new HostKeyCheck());
    c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    List<KeyExchangeFactory> kex = NamedFactory.setUpTransformedFactories(false, KEX, ClientBuilder.DH2KEX);
    c.setKeyExchangeFactories(kex);
    // Nagle's algorithm meeting delayed ACKs costs ~40 ms stalls per connection (ssh-fanout.md §4).
    CoreModuleProperties.TCP_NODELAY.set(c, true);
    settings.agentSocket().ifPresent(sock -> c.setAgentFactory(new AgentSocket(sock)));
    c.start();
    this.client = c;
  }

  /**
   * The connection to {@code target}: the open one if there is one, else a new one. While the host refuses
   * connections or cannot be routed to (rebooting, not up yet), retries every {@code retryInterval} until
   * {@code retryDeadline} has passed.
   *
   * @throws HostKeyRejectedException when the host key does not pass the target's policy; nothing was run
   * @throws SshTransportException when the host cannot be reached in time or refuses authentication
   */
  public Connection connect(SshTarget target) throws SshTransportException {
    if (closed) {
      throw new IllegalStateException("the SSH transport is closed");
    }
    synchronized (locks.computeIfAbsent(target, t -> new Object())) {
      SshConnection open = connections.get(target);
      if (open != null && open.isOpen()) {
        return open;
      }
      if (open != null) {
        open.closeSession();
      }
      SshConnection fresh = open(target);
      connections.put(target, fresh);
      return fresh;
    }
  }

  /**
   * A new connection to {@code target}, never the cached one: proves the host still accepts logins (after a
   * change to its SSH or users). Once it is up it becomes the cached connection; the previous one stays open, so
   * its caller can still use it, until the transport is closed.
   *
   * @throws SshTransportException when the host cannot be reached in time or refuses authentication; the cached
   *     connection is then left as it was
   */
  public Connection reconnect(SshTarget target) throws SshTransportException {
    if (closed) {
      throw new IllegalStateException("the SSH transport is closed");
    }
    SshConnection fresh = open(target);
    synchronized (locks.computeIfAbsent(target, t -> new Object())) {
      SshConnection previous = connections.put(target, fresh);
      if (previous != null) {
        retired.add(previous);
      }
    }
    return fresh;
  }

  /** How many connections are open, for tests and progress output. */
  public int openConnections() {
    return (int) connections.values().stream().filter(SshConnection::isOpen).count();
  }

  /** Closes every connection and stops the client. */
  @Override
  public void close() {
    closed = true;
    connections.values().forEach(SshConnection::closeSession);
    connections.clear();
    retired.forEach(SshConnection::closeSession);
    retired.clear();
    client.stop();
  }

  private SshConnection open(SshTarget target) throws SshTransportException {
    Endpoint ep = Endpoint.resolve(target, settings.sshConfig());
    String name = target.host().equals(ep.hostName()) ? target.host() : target.host() + " (" + ep.hostName() + ")";
    List<KeyPair> keys = new ArrayList<>(identity);
    for (Path file : ep.identities()) {
      keys.addAll(loadConfigIdentity(file));
    }
    long deadline = System.nanoTime() + settings.retryDeadline().toNanos();
    int attempts = 0;
    while (true) {
      attempts++;
      HostKeyCheck.Attempt attempt = new HostKeyCheck.Attempt(name, ep.hostName(), ep.port(), target.hostKeyPolicy());
      ClientSession session = null;
      try {
        ConnectFuture future = client.connect(ep.user(), ep.hostName(), ep.port(), attempt.context(), null);
        session = future.verify(settings.connectTimeout(), CancelOption.CANCEL_ON_TIMEOUT).getSession();
      } catch (IOException | RuntimeException e) {
        String why = unreachable(e);
        if (why == null) {
          throw new SshTransportException(name + ": cannot connect to " + ep.hostName() + ":" + ep.port() + ": "
              + message(e), e);
        }
        long next = System.nanoTime() + settings.retryInterval().toNanos();
        if (next - deadline > 0) {
          throw new SshTransportException(name + ": " + why + " at " + ep.hostName() + ":" + ep.port()
              + "; gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " over "
              + seconds(settings.retryDeadline()) + ". Check that the server is running and that sshd listens on "
              + "port " + ep.port() + ".", e);
        }
        sleep(settings.retryInterval());
        continue;
      }
      try {
        for (KeyPair k : keys) {
          session.addPublicKeyIdentity(k);
        }
        session.auth().verify(settings.authTimeout(), CancelOption.CANCEL_ON_TIMEOUT);
        return new SshConnection(name, session);
      } catch (IOException | RuntimeException e) {
        session.close(true);
        if (attempt.rejection != null) {
          throw attempt.rejection;
        }
        if (attempt.offered == null) {
          throw new SshTransportException(name + ": the SSH handshake with " + ep.hostName() + ":" + ep.port()
              + " failed: " + message(e), e);
        }
        throw new SshTransportException(name + ": " + ep.hostName() + ":" + ep.port() + " refused authentication "
            + "as " + ep.user() + " with " + offeredKeys(ep) + " (" + message(e) + "). Check that the public key "
            + "is in ~" + ep.user() + "/.ssh/authorized_keys on the server.", e);
      }
    }
  }

  private List<KeyPair> loadConfigIdentity(Path file) throws SshTransportException {
    List<KeyPair> cached = configIdentities.get(file);
    if (cached == null) {
      cached = Identities.load(file);
      configIdentities.put(file, cached);
    }
    return cached;
  }

  private String offeredKeys(Endpoint ep) {
    List<String> parts = new ArrayList<>();
    settings.identity().ifPresent(p -> parts.add("ssh.identity " + p));
    ep.identities().forEach(p -> parts.add("IdentityFile " + p));
    settings.agentSocket().ifPresent(p -> parts.add("the keys of ssh-agent"));
    return parts.isEmpty() ? "no key at all (set ssh.identity)" : String.join(", ", parts);
  }

  /** Why the host could not be reached at all, for the failures worth retrying; null for the others. */
  private static String unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return null;
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof NoRouteToHostException || t instanceof PortUnreachableException) {
        return "no route to host";
      }
      if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
        return "connection timed out";
      }
      if (t.getMessage() != null && t.getMessage().contains("within specified timeout")) {
        return "connection timed out";
      }
    }
    return null;
  }

  private static String message(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return m == null ? root.getClass().getSimpleName() : m;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static void sleep(Duration d) throws SshTransportException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SshTransportException("interrupted while waiting to retry an SSH connection", e);
    }
  }
}
