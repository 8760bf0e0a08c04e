package dev.nixinfra.providers.bootstrap;

import dev.nixinfra.providers.ssh.CommandResult;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.HostKeyPolicy;
import dev.nixinfra.providers.ssh.HostKeyRejectedException;
import dev.nixinfra.providers.ssh.HostKeys;
import dev.nixinfra.providers.ssh.LineSink;
import dev.nixinfra.providers.ssh.RemoteCommandException;
import dev.nixinfra.providers.ssh.SshTransportException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * A scripted machine for the state machine's unit tests: answers os-release, the infect command and reboot from
 * its fields, checks host key policies like the transport does, and records what was opened and run.
 */
final class FakeMachine implements BootstrapAccess {
  enum Infect { SUCCEED, MISMATCH, FAIL, DROP }

  volatile String osId = "ubuntu";
  volatile String hostKey = newKey();
  volatile String keyAfterReboot = hostKey;
  volatile Infect infect = Infect.SUCCEED;
  /** After the reboot: how many connection attempts are refused, then how many answer as the old OS. */
  volatile int refusedAfterReboot = 2;
  volatile int oldOsAfterReboot = 0;
  volatile boolean neverBack;
  volatile boolean rebooted;
  final List<String> commands = new CopyOnWriteArrayList<>();
  final List<HostKeyPolicy> policies = new CopyOnWriteArrayList<>();

  static String newKey() {
    try {
      return HostKeys.toLine(KeyUtils.generateKeyPair("ssh-ed25519", 256).getPublic());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Connection open(String host, int port, HostKeyPolicy policy) throws SshTransportException {
    policies.add(policy);
    if (rebooted && (neverBack || refusedAfterReboot-- > 0)) {
      throw new SshTransportException(host + ": connection refused at " + host + ":" + port);
    }
    String offered = rebooted && oldOsAfterReboot <= 0 ? keyAfterReboot : hostKey;
    if (policy instanceof HostKeyPolicy.Pinned p && !HostKeys.sameKey(p.line(), offered)) {
      throw new HostKeyRejectedException(host + ": host key mismatch", offered, Optional.of(p.line()));
    }
    return new Conn(host, offered);
  }

  private final class Conn implements Connection {
    final String host;
    final String key;

    Conn(String host, String key) {
      this.host = host;
      this.key = key;
    }

    @Override
    public String name() {
      return host;
    }

    @Override
    public CommandResult run(String command, Duration timeout, LineSink out)
        throws RemoteCommandException, SshTransportException {
      commands.add(command);
      if (command.equals(OsRelease.COMMAND)) {
        String id = osId;
        if (rebooted && oldOsAfterReboot > 0) {
          oldOsAfterReboot--;
          id = "ubuntu";
        }
        return new CommandResult(0, "NAME=\"X\"\nID=" + id + "\nVERSION_ID=\"1\"\n", "");
      }
      if (command.contains(InfectScript.STARTED)) {
        switch (infect) {
          case MISMATCH -> throw new RemoteCommandException(host, command, InfectScript.EXIT_MISMATCH, false,
              "exited with status 65", List.of("nixinfra: refusing to run nixos-infect: sha256 mismatch"));
          case FAIL -> {
            out.line(LineSink.Stream.STDOUT, InfectScript.STARTED);
            out.line(LineSink.Stream.STDERR, "error: nix install failed");
            throw new RemoteCommandException(host, command, 1, false, "exited with status 1",
                List.of("error: nix install failed"));
          }
          case DROP -> {
            throw new SshTransportException(host + ": connection lost");
          }
          default -> {
            out.line(LineSink.Stream.STDOUT, InfectScript.STARTED);
            out.line(LineSink.Stream.STDOUT, "installing nix");
            return new CommandResult(0, "", "");
          }
        }
      }
      if (command.equals(Bootstrap.REBOOT_COMMAND)) {
        rebooted = true;
        osId = "nixos";
        throw new SshTransportException(host + ": connection closed by the server");
      }
      return new CommandResult(0, "", "");
    }

    @Override
    public Optional<String> readFile(String path, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void writeFileAtomically(String path, String content, String mode, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> hostKey() {
      return Optional.of(key);
    }

    @Override
    public void close() {}
  }
}
