package dev.nixinfra.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The fleet lab is real: three fake hosts reached with the real OpenSSH client (strict host key checking against the
 * lab's known_hosts), each with its own Nix store, one offloading a real build to another over ssh-ng://, and a
 * {@code down} that leaves nothing behind. Tests run in order on one lab; the last one takes it down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FleetLabIT {
  private static final Duration SSH_TIMEOUT = Duration.ofSeconds(60);
  private static FleetLab lab;

  @BeforeAll
  static void up() throws IOException {
    // Under target/ (not a temp dir) so that dir/logs, kept by down, are there to read after a failure.
    Path dir = Path.of("target", "fleet-lab-it", "run-" + System.currentTimeMillis());
    Files.createDirectories(dir);
    lab = FleetLab.start(3, dir);
  }

  @AfterAll
  static void down() {
    if (lab != null) {
      lab.close();
    }
  }

  /** The real ssh binary as root with the admin key; {@code script} goes to the remote shell on stdin. */
  private static ExecResult ssh(LabHost host, Path knownHosts, String script) {
    return FleetLab.run(SSH_TIMEOUT, script, List.of("ssh", "-F", "/dev/null",
        "-i", lab.adminKey().toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
        "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10",
        "-p", Integer.toString(host.port()), "root@" + host.address(), "sh", "-s"));
  }

  private static ExecResult ssh(LabHost host, String script) {
    return ssh(host, lab.knownHosts(), script);
  }

  private static String ok(ExecResult r) {
    assertEquals(0, r.exitCode(), () -> "command failed:\n" + r);
    return r.stdout().strip();
  }

  @Test
  @Order(1)
  void rootLogsInOnEveryHostWithTheAdminKeyAndNixAnswers() throws IOException {
    assertEquals(List.of("host1", "host2", "host3"), lab.hosts().stream().map(LabHost::name).toList());
    for (LabHost h : lab.hosts()) {
      assertEquals(22, h.port());
      assertTrue(h.hostKey().startsWith("ssh-ed25519 "), h.hostKey());
      List<String> out = ok(ssh(h, "hostname; id -un; nix --version")).lines().toList();
      assertEquals(h.name(), out.get(0));
      assertEquals("root", out.get(1));
      assertTrue(out.get(2).startsWith("nix (Nix) "), out::toString);
    }
    // Host keys really are checked: with a known_hosts that does not know the host, ssh refuses.
    Path empty = Files.createTempFile(lab.dir(), "empty-known-hosts", "");
    ExecResult refused = ssh(lab.hosts().get(0), empty, "true");
    assertEquals(255, refused.exitCode(), refused::toString);
    assertTrue(refused.stderr().contains("Host key verification failed."), refused::toString);
    Files.delete(empty);
    // A second `up` on the same directory is refused while the lab runs.
    ExecResult again = FleetLab.run(Duration.ofSeconds(30), FleetLab.script().toString(),
        "up", "1", "--dir", lab.dir().toString());
    assertEquals(1, again.exitCode(), again::toString);
    assertTrue(again.stderr().contains("already has a running lab"), again::toString);
  }

  @Test
  @Order(2)
  void everyHostHasItsOwnStore() {
    String salt = UUID.randomUUID().toString();
    String path = ok(lab.exec("host1", "sh", "-c",
        "echo store-probe-" + salt + " > /root/store-probe && nix-store --add /root/store-probe"));
    assertTrue(path.startsWith("/nix/store/"), path);
    assertEquals(0, lab.exec("host1", "nix-store", "--check-validity", path).exitCode());
    assertEquals("store-probe-" + salt, ok(lab.exec("host1", "cat", path)));
    for (String other : List.of("host2", "host3")) {
      assertEquals(1, lab.exec(other, "test", "-e", path).exitCode(), path + " visible on " + other);
      assertNotEquals(0, lab.exec(other, "nix-store", "--check-validity", path).exitCode());
    }
    assertFalse(Files.exists(Path.of(path)), path + " leaked into this machine's /nix/store");
  }

  @Test
  @Order(3)
  void host1OffloadsARealBuildToHost2OverSshNg() {
    LabHost host1 = lab.host("host1");
    LabHost host2 = lab.host("host2");
    // On host1 (the client): a key for host2's build user.
    String pub = ok(ssh(host1, "rm -f /root/.ssh/remotebuild; "
        + "ssh-keygen -q -t ed25519 -N '' -C remotebuild@host1 -f /root/.ssh/remotebuild; "
        + "cat /root/.ssh/remotebuild.pub"));
    // On host2 (the builder), as nix-remote-builds.md: a build user that may only speak the daemon protocol,
    // trusted by the daemon, then the daemon restarted the lab's way.
    ok(ssh(host2, """
        set -e
        id remotebuild >/dev/null 2>&1 || useradd --system --create-home --home-dir /home/remotebuild --shell /bin/sh remotebuild
        usermod -aG nix-users remotebuild
        install -d -m 700 -o remotebuild -g remotebuild /home/remotebuild/.ssh
        echo 'restrict,command="nix-daemon --stdio" %s' > /home/remotebuild/.ssh/authorized_keys
        chown remotebuild: /home/remotebuild/.ssh/authorized_keys
        chmod 600 /home/remotebuild/.ssh/authorized_keys
        echo 'trusted-users = root remotebuild' >> %s
        %s
        """.formatted(pub, FleetLab.NIX_CONF, FleetLab.RESTART_COMMAND)));
    // On host1: the machines file, with host2's host key in field 8 (no ssh config, no known_hosts entry needed).
    String hostKeyB64 = Base64.getEncoder().encodeToString((host2.hostKey() + "\n").getBytes(StandardCharsets.US_ASCII));
    String store = "ssh-ng://remotebuild@" + host2.address();
    ok(ssh(host1, """
        set -e
        echo '%s x86_64-linux /root/.ssh/remotebuild 1 1 - - %s' > /etc/nix/machines
        echo 'builders = @/etc/nix/machines' >> %s
        """.formatted(store, hostKeyB64, FleetLab.NIX_CONF)));
    // A unique derivation, so it is never already built; --max-jobs 0 forbids building it on host1. With Debian's
    // sandbox = false the builder runs the builder host's /bin/sh in its UTS namespace: the output names the builder.
    String name = "probe-" + UUID.randomUUID().toString().substring(0, 8);
    ExecResult build = ssh(host1, """
        nix-build --no-out-link --max-jobs 0 -E 'derivation {
          name = "%s";
          system = builtins.currentSystem;
          builder = "/bin/sh";
          args = [ "-c" "read h < /proc/sys/kernel/hostname; echo built-on-$h > $out" ];
        }'
        """.formatted(name));
    String out = ok(build);
    assertTrue(out.startsWith("/nix/store/") && out.endsWith("-" + name), build::toString);
    assertTrue(build.stderr().contains("on '" + store + "'"), build::toString);
    assertEquals("built-on-host2", ok(ssh(host1, "cat " + out)));
    assertEquals(0, lab.exec("host2", "nix-store", "--check-validity", out).exitCode(), "not in host2's store");
    assertEquals(1, lab.exec("host3", "test", "-e", out).exitCode(), "host3 has it too");
  }

  @Test
  @Order(4)
  void downLeavesNoNamespaceProcessOrMountBehind() throws Exception {
    Set<Long> pids = lab.processIds();
    assertEquals(6, pids.size(), pids::toString);   // an sshd and a nix-daemon per host
    for (long pid : pids) {
      assertTrue(runningProcess(pid), "process " + pid + " of the lab does not run");
    }
    List<String> namespaces = lab.namespaces();
    String bridge = "flab" + lab.network().split("\\.")[2];   // 10.77.S.0/24 -> flabS, also the veths' prefix
    Path dir = lab.dir();

    lab.close();

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<Long> alive = new ArrayList<>(pids);
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      alive.removeIf(pid -> !runningProcess(pid));
      Thread.sleep(100);
    }
    assertEquals(List.of(), alive, "lab processes still running after down");
    String netns = ok(FleetLab.run(Duration.ofSeconds(10), "ip", "netns", "list"));
    for (String ns : namespaces) {
      assertFalse(netns.contains(ns), ns + " still exists: " + netns);
    }
    String links = ok(FleetLab.run(Duration.ofSeconds(10), "ip", "-o", "link", "show"));
    assertFalse(links.contains(bridge), "links left: " + links);
    String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
    assertFalse(mounts.contains(dir.toString()), "mounts left under " + dir + ":\n" + mounts);
    assertFalse(mounts.contains("/run/netns/" + bridge + "-"), "netns mounts left:\n" + mounts);
    assertFalse(Files.exists(dir.resolve("lab.json")));
    assertTrue(Files.isDirectory(dir.resolve("logs")), "down keeps the hosts' logs");

    // down again: nothing to do, and says so.
    ExecResult again = FleetLab.run(Duration.ofSeconds(30), FleetLab.script().toString(),
        "down", "--dir", dir.toString());
    assertEquals(0, again.exitCode(), again::toString);
    assertTrue(again.stdout().contains("nothing to do"), again::toString);
  }

  /**
   * True while {@code pid} runs. An exited process that PID 1 has not reaped yet (state Z: this machine's PID 1 reaps
   * orphans only every few seconds) does not run any more.
   */
  private static boolean runningProcess(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }
}
