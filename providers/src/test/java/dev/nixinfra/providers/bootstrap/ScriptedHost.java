package dev.nixinfra.providers.bootstrap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.AbstractCommandSupport;

/**
 * An embedded MINA SSH server on a loopback address (127.0.0.1 unless given) that plays an Ubuntu host becoming
 * NixOS. Nothing is executed: every exec request is answered from a script. {@code cat /etc/os-release} answers
 * {@link #osId}; the infect command streams output and succeeds (then runs {@link #afterInfect}), fails, or reports a
 * sha256 mismatch as {@link #infect} says; the reboot command stops the server (dropping the connection), switches
 * the OS to nixos and, unless {@link #neverBack}, starts a new server on the same port after {@link #downFor}, with
 * {@link #keyAfterReboot} as its host key. Any other command goes to the {@link Fallback}, which by default fails it
 * with status 127.
 */
public final class ScriptedHost implements AutoCloseable {
  public enum Infect { SUCCEED, MISMATCH, FAIL }

  /** Answers a command the script does not know; returns its exit status. */
  @FunctionalInterface
  public interface Fallback {
    int answer(String command, byte[] stdin, OutputStream out, OutputStream err) throws IOException;
  }

  static final String MISMATCH = "nixinfra: refusing to run nixos-infect 7563801d: sha256 mismatch: expected "
      + "aaaa, found bbbb";
  static final String FAILURE = "mv: missing destination file operand after '.bak'";

  final KeyPair hostKey;
  private final String address;
  final PublicKey authorized;
  final List<String> commands = new CopyOnWriteArrayList<>();
  volatile KeyPair keyAfterReboot;
  volatile String osId = "ubuntu";
  volatile Infect infect = Infect.SUCCEED;
  volatile Duration downFor = Duration.ofSeconds(1);
  volatile boolean neverBack;
  volatile int boots = 1;
  volatile Runnable afterInfect = () -> {};
  /** While set, every new login is refused; sessions already open go on. */
  volatile boolean refuseLogins;
  private final AtomicInteger sessions = new AtomicInteger();
  volatile Fallback fallback = (command, stdin, out, err) -> {
    err.write("scripted host: unexpected command\n".getBytes(StandardCharsets.UTF_8));
    return 127;
  };
  private volatile SshServer server;
  private volatile int port;
  private volatile boolean closed;

  public ScriptedHost(KeyPair hostKey, PublicKey authorized) throws IOException {
    this("127.0.0.1", 0, hostKey, authorized);
  }

  /** Listens on {@code address} (a loopback address) and {@code port}, 0 for a free one. */
  public ScriptedHost(String address, int port, KeyPair hostKey, PublicKey authorized) throws IOException {
    this.address = address;
    this.hostKey = hostKey;
    this.keyAfterReboot = hostKey;
    this.authorized = authorized;
    server = serve(port, hostKey);
    this.port = server.getPort();
  }

  public int port() {
    return port;
  }

  /** Every command received, in order. */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  public String osId() {
    return osId;
  }

  /** What {@code /etc/os-release} says from now on: {@code ubuntu} or {@code nixos}. */
  public void osId(String id) {
    osId = id;
  }

  public void onInfect(Runnable effect) {
    afterInfect = effect;
  }

  public void fallback(Fallback answer) {
    fallback = answer;
  }

  /** SSH sessions opened so far (one per connection, whether or not its login succeeded). */
  public int sessions() {
    return sessions.get();
  }

  /** Refuses (or again accepts) every new login, as a change that locks nixinfra out would. */
  public void refuseLogins(boolean refuse) {
    refuseLogins = refuse;
  }

  /** How long the host stays unreachable at its reboot. */
  public void downFor(Duration time) {
    downFor = time;
  }

  private SshServer serve(int onPort, KeyPair key) throws IOException {
    SshServer s = SshServer.setUpDefaultServer();
    s.setHost(address);
    s.setPort(onPort);
    s.setKeyPairProvider(KeyPairProvider.wrap(key));
    s.setPublickeyAuthenticator((user, k, session) -> !refuseLogins && "root".equals(user)
        && KeyUtils.compareKeys(authorized, k));
    s.addSessionListener(new SessionListener() {
      @Override
      public void sessionCreated(Session session) {
        sessions.incrementAndGet();
      }
    });
    s.setCommandFactory((channel, command) -> {
      commands.add(command);
      return new Scripted(command);
    });
    s.start();
    return s;
  }

  /** The reboot: the connection drops now, the new system answers after {@link #downFor}. */
  private void reboot() {
    Thread t = new Thread(() -> {
      try {
        server.stop(true);
        osId = "nixos";
        if (neverBack) {
          return;
        }
        Thread.sleep(downFor.toMillis());
        for (int i = 0; !closed; i++) {
          try {
            server = serve(port, keyAfterReboot);
            boots++;
            return;
          } catch (IOException e) {
            if (i > 20) {
              throw e;
            }
            Thread.sleep(100);
          }
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("the scripted host could not come back", e);
      }
    }, "scripted-host-reboot");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.stop(true);
  }

  /** One exec request, answered from the script on its own thread. */
  private final class Scripted extends AbstractCommandSupport {
    private final String command;

    Scripted(String command) {
      super(command, null); // MINA runs it on its own thread and hands over the channel's streams
      this.command = command;
    }

    @Override
    public void run() {
      try {
        Integer status = respond();
        if (status != null) {
          onExit(status);
        }
      } catch (IOException | InterruptedException e) {
        onExit(255);
      }
    }

    /** The exit status, or null when the command never ends because the host goes down. */
    private Integer respond() throws IOException, InterruptedException {
      OutputStream out = getOutputStream();
      OutputStream err = getErrorStream();
      if (command.equals(OsRelease.COMMAND)) {
        write(out, "PRETTY_NAME=\"" + osId + "\"\nNAME=\"" + osId + "\"\nID=" + osId + "\n");
        return 0;
      }
      if (command.contains(InfectScript.STARTED)) {
        switch (infect) {
          case MISMATCH -> {
            write(err, MISMATCH + "\n");
            return InfectScript.EXIT_MISMATCH;
          }
          case FAIL -> {
            write(out, InfectScript.STARTED + "\n");
            write(out, "installing Nix\n");
            write(err, FAILURE + "\n");
            return 1;
          }
          default -> {
            write(out, InfectScript.STARTED + "\n");
            for (String line : List.of("installing Nix", "building the system", "installing the boot loader")) {
              Thread.sleep(50);
              write(out, line + "\n");
            }
            afterInfect.run();
            return 0;
          }
        }
      }
      if (command.equals(Bootstrap.REBOOT_COMMAND)) {
        reboot();
        return null;
      }
      if (command.equals(Bootstrap.CLEANUP_COMMAND)) {
        return 0;
      }
      int status = fallback.answer(command, getInputStream().readAllBytes(), out, err);
      out.flush();
      err.flush();
      return status;
    }

    private void write(OutputStream to, String text) throws IOException {
      to.write(text.getBytes(StandardCharsets.UTF_8));
      to.flush();
    }
  }
}
