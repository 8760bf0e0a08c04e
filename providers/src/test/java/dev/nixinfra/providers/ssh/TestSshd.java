package dev.nixinfra.providers.ssh;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;

/**
 * An embedded MINA SSH server on 127.0.0.1 that runs each exec request with {@code /bin/sh -c} as the user
 * running the tests, accepts the given public keys for any user, and counts sessions and commands.
 */
final class TestSshd implements AutoCloseable {
  final SshServer server;
  final KeyPair hostKey;
  final AtomicInteger sessions = new AtomicInteger();
  final List<String> commands = new CopyOnWriteArrayList<>();

  private TestSshd(int port, KeyPair hostKey, List<PublicKey> authorized) {
    this.hostKey = hostKey;
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(port);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator(
        (user, key, session) -> authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
    server.setCommandFactory((channel, command) -> {
      commands.add(command);
      return new ShellCommand(command);
    });
    server.addSessionListener(new SessionListener() {
      @Override
      public void sessionCreated(Session session) {
        sessions.incrementAndGet();
      }
    });
  }

  /** A started server on an ephemeral port. */
  static TestSshd start(KeyPair hostKey, PublicKey... authorized) throws IOException {
    return startOn(0, hostKey, authorized);
  }

  static TestSshd startOn(int port, KeyPair hostKey, PublicKey... authorized) throws IOException {
    TestSshd s = new TestSshd(port, hostKey, List.of(authorized));
    s.server.start();
    return s;
  }

  int port() {
    return server.getPort();
  }

  String hostKeyLine() {
    return HostKeys.toLine(hostKey.getPublic());
  }

  /** A port nothing listens on right now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }
}
