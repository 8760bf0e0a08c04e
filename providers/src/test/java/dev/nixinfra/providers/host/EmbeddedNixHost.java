package dev.nixinfra.providers.host;

import dev.nixinfra.providers.bootstrap.ScriptedHost;
import dev.nixinfra.providers.ssh.LineSink;
import dev.nixinfra.providers.ssh.RemoteCommandException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A machine nixinfra reaches over real SSH: an embedded MINA server on 127.0.0.1 ({@link ScriptedHost}) that is
 * Ubuntu until nixos-infect has run and the machine rebooted, or NixOS from the start. The bootstrap's commands are
 * scripted; every other command goes to a {@link FakeHost} running NixOS, which interprets the nix provider's
 * commands, including the shell forms of {@code readFile} and {@code writeFileAtomically}. A command the fake does
 * not know fails with status 127 and is kept in {@link #problems()}, which a test asserts empty.
 */
public final class EmbeddedNixHost implements AutoCloseable {
  /** What nixos-infect generates (abridged): the machine's own configuration, which nixinfra only imports into. */
  public static final String INFECTED_CONFIGURATION = """
      { ... }: {
        imports = [
          ./hardware-configuration.nix
          ./networking.nix # generated at runtime by nixos-infect
        ];

        boot.tmp.cleanOnBoot = true;
        zramSwap.enable = true;
        networking.hostName = "builder";
        services.openssh.enable = true;
        users.users.root.openssh.authorizedKeys.keys = [];
        system.stateVersion = "23.11";
      }
      """;

  private static final Pattern READ =
      Pattern.compile("if \\[ -e (\\S+) \\]; then cat -- \\S+; else exit 66; fi");
  private static final Pattern WRITE =
      Pattern.compile("set -e; t=\\$\\(mktemp \\S+\\); .*chmod (\\S+) \"\\$t\"; .*mv -f \"\\$t\" (\\S+); trap - EXIT");

  private final ScriptedHost ssh;
  private final FakeHost host;
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private volatile boolean lockOutBySwitch;
  private volatile int sessionsAtLastSwitch;

  private EmbeddedNixHost(String name, String address, int port, KeyPair hostKey, PublicKey root, boolean nixos)
      throws IOException {
    host = new FakeHost(name, null);
    host.nixVersion = "nix (Nix) 2.28.4";
    host.directories.add("/etc/nixos");
    ssh = new ScriptedHost(address, port, hostKey, root);
    ssh.downFor(Duration.ofMillis(500));
    ssh.fallback(this::answer);
    if (nixos) {
      installNixos();
      ssh.osId("nixos");
    } else {
      ssh.onInfect(this::installNixos);
    }
  }

  /**
   * A fresh Ubuntu server that nixos-infect turns into NixOS, on {@code address:port} (loopback; 0 picks a free
   * port); root logs in with {@code root}.
   */
  public static EmbeddedNixHost ubuntu(String name, String address, int port, KeyPair hostKey, PublicKey root)
      throws IOException {
    return new EmbeddedNixHost(name, address, port, hostKey, root, false);
  }

  /** A machine that already runs NixOS, on 127.0.0.1 and a free port. */
  public static EmbeddedNixHost nixos(String name, KeyPair hostKey, PublicKey root) throws IOException {
    return new EmbeddedNixHost(name, "127.0.0.1", 0, hostKey, root, true);
  }

  private void installNixos() {
    synchronized (host) {
      host.put(NixosFiles.CONFIGURATION_NIX, INFECTED_CONFIGURATION);
      host.put("/etc/nixos/hardware-configuration.nix", "{ ... }: { }\n");
      host.put("/etc/nixos/networking.nix", "{ ... }: { }\n");
    }
  }

  private int answer(String command, byte[] stdin, OutputStream out, OutputStream err) throws IOException {
    synchronized (host) {
      try {
        Matcher read = READ.matcher(command);
        if (read.matches()) {
          Optional<String> text = host.readFile(unquote(read.group(1)), Duration.ofSeconds(1));
          if (text.isEmpty()) {
            return 66;
          }
          out.write(text.get().getBytes(StandardCharsets.UTF_8));
          return 0;
        }
        Matcher write = WRITE.matcher(command);
        if (write.matches()) {
          host.writeFileAtomically(unquote(write.group(2)), new String(stdin, StandardCharsets.UTF_8),
              write.group(1), Duration.ofSeconds(1));
          return 0;
        }
        var r = host.run(command, Duration.ofSeconds(1), LineSink.discard());
        if (command.endsWith(" switch --rollback")) {
          ssh.refuseLogins(false);
        } else if (command.endsWith(" switch")) {
          sessionsAtLastSwitch = ssh.sessions();
          ssh.refuseLogins(lockOutBySwitch);
        }
        out.write(r.stdout().getBytes(StandardCharsets.UTF_8));
        err.write(r.stderr().getBytes(StandardCharsets.UTF_8));
        return 0;
      } catch (RemoteCommandException e) {
        err.write(String.join("\n", e.stderrTail()).concat("\n").getBytes(StandardCharsets.UTF_8));
        return e.exitStatus();
      } catch (AssertionError e) {
        problems.add(e.getMessage());
        err.write((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        return 127;
      }
    }
  }

  private static String unquote(String word) {
    return FakeHost.words(word).get(0);
  }

  public int port() {
    return ssh.port();
  }

  /** The text of the file at {@code path}, or null. */
  public String text(String path) {
    synchronized (host) {
      return host.text(path);
    }
  }

  /** The owner of a tenant's store root, or null when there is none. */
  public String storeOwner(String root) {
    synchronized (host) {
      return host.stores.get(root);
    }
  }

  /** Whether the user exists. */
  public boolean hasUser(String user) {
    synchronized (host) {
      return host.users.containsKey(user);
    }
  }

  /** {@code nixos-rebuild switch} runs so far. */
  public int switches() {
    synchronized (host) {
      return host.switches;
    }
  }

  /**
   * From now on, a switch makes the host refuse new logins (sessions already open go on), as a configuration
   * change that breaks sshd or root's keys would; a rollback lets them in again.
   */
  public void lockOutBySwitch() {
    lockOutBySwitch = true;
  }

  /** SSH connections opened to this host so far. */
  public int sessions() {
    return ssh.sessions();
  }

  /** Whether nixinfra opened a new SSH connection after the last switch (its proof that it can still log in). */
  public boolean loggedInAfterLastSwitch() {
    return ssh.sessions() > sessionsAtLastSwitch;
  }

  /** {@code nixos-rebuild switch --rollback} runs so far. */
  public int rollbacks() {
    synchronized (host) {
      return host.rollbacks;
    }
  }

  /** Every command received over SSH, in order. */
  public List<String> commands() {
    return ssh.commands();
  }

  public String osId() {
    return ssh.osId();
  }

  /** Commands the fake could not answer; empty when nixinfra only asked what a NixOS machine answers. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  @Override
  public void close() throws IOException {
    ssh.close();
  }
}
