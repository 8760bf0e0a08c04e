package dev.nixinfra.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.cli.lab.ExecResult;
import dev.nixinfra.cli.lab.FleetLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * The packaged jar, run as a user runs it, configures a real fleet: two builders (one on port 2222, its host key
 * pinned) and two clients in the fleet lab (real OpenSSH, real Nix 2.8, each host with its own /etc and store).
 * Apply, then {@code check}, then a real build started on a client is offloaded and its output names the builder; a
 * second plan has no changes; a change and a removed builder plan exactly that; destroy leaves every file as it
 * was. Tests run in order on one lab.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class FleetEndToEndIT {
  /** Files nixinfra may touch on each host, with their content before the first apply. */
  private static final List<String> WATCHED = List.of("/etc/nix/nix.conf", "/etc/nix/nixinfra-machines",
      "/etc/nix/machines", "/etc/nix/nix.conf.nixinfra-backup", "/etc/ssh/ssh_config.d/nixinfra.conf",
      "/etc/passwd", "/etc/group");
  private static LabRun run;
  private static FleetLab lab;
  private static Path dir;

  @BeforeAll
  static void up() throws Exception {
    run = LabRun.start("fleet-e2e", 4, WATCHED);
    lab = run.lab();
    dir = run.dir();
    writeConfig(2, true);
  }

  @AfterAll
  static void down() {
    if (run != null) {
      run.close();
    }
  }

  /**
   * host1 and host2 build; host3 uses both, host4 only b2 (or b1 once b2 is gone). Every machine restarts its
   * daemon the lab's way.
   */
  private static void writeConfig(int b1Jobs, boolean withB2) throws Exception {
    // b2 listens on another port: Nix 2.8 takes no port in the URI, so clients get an ssh_config alias for it.
    String b2 = withB2 ? """
          b2:
            host: %s
            port: 2222
            host_key: %s
            systems: [x86_64-linux]
            max_jobs: 1
            restart_command: %s
        """.formatted(lab.host("host2").address(), lab.host("host2").hostKey(), FleetLab.RESTART_COMMAND) : "";
    String yaml = """
        stack: lab
        state: { path: state.json }
        ssh:
          identity: %s
          known_hosts: %s
        builders:
          b1:
            host: %s
            systems: [x86_64-linux]
            max_jobs: %d
            speed_factor: 1.5
            restart_command: %s
        %s
        clients:
          c1:
            kind: nix-linux
            host: %s
            builders: all
            max_jobs: 0
            restart_command: %s
          c2:
            kind: nix-linux
            host: %s
            builders: [%s]
            max_jobs: 0
            restart_command: %s
        """.formatted(lab.adminKey(), lab.knownHosts(), lab.host("host1").address(), b1Jobs,
        FleetLab.RESTART_COMMAND, b2.stripTrailing(), lab.host("host3").address(), FleetLab.RESTART_COMMAND,
        lab.host("host4").address(), withB2 ? "b2" : "b1", FleetLab.RESTART_COMMAND);
    Files.writeString(dir.resolve("nixinfra.yaml"), yaml);
  }

  private static NixinfraProcess.Result nixinfra(String... args) throws Exception {
    return run.nixinfra(args);
  }

  /** A unique derivation built on {@code client} with no local build slots: returns what the output says. */
  private static String offloadedBuild(String client) {
    String name = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    ExecResult r = lab.exec(java.time.Duration.ofSeconds(300), client, "sh", "-c", """
        out=$(nix-build --no-out-link --max-jobs 0 -E 'derivation {
          name = "%s"; system = builtins.currentSystem; builder = "/bin/sh";
          args = [ "-c" "read h < /proc/sys/kernel/hostname; echo built-on-$h > $out" ]; }') && cat "$out"
        """.formatted(name));
    assertEquals(0, r.exitCode(), r::toString);
    return r.stdout().strip();
  }

  @Test
  @Order(1)
  void applyConfiguresTheFleetAndCheckProvesEveryPair() throws Exception {
    NixinfraProcess.Result r = nixinfra("plan");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Plan: 6 to add, 0 to change, 0 to destroy."), r.toString());
    assertTrue(r.out().contains("# BEGIN nixinfra (managed; do not edit)"), "the plan shows the blocks: " + r);

    r = nixinfra("apply", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Apply complete! Resources: 6 added, 0 changed, 0 destroyed."), r.toString());

    String nixConf = lab.exec("host1", "cat", "/etc/nix/nix.conf").stdout();
    assertTrue(nixConf.startsWith(run.before("host1").get("/etc/nix/nix.conf")), "the user's lines stay first");
    assertTrue(nixConf.contains("remotebuild"), nixConf);
    String machines = lab.exec("host3", "cat", "/etc/nix/nixinfra-machines").stdout();
    assertTrue(machines.contains("ssh-ng://remotebuild@" + lab.host("host1").address()), machines);
    assertTrue(machines.contains(" 2 "), "Nix 2.8 takes an integer speed factor (1.5 rounds up): " + machines);
    assertTrue(machines.contains("ssh-ng://remotebuild@nixinfra-b2 "), "b2 by its alias: " + machines);
    String alias = lab.exec("host3", "cat", "/etc/ssh/ssh_config.d/nixinfra.conf").stdout();
    assertTrue(alias.contains("Host nixinfra-b2") && alias.contains("Port 2222")
        && alias.contains("HostName " + lab.host("host2").address()), alias);

    r = nixinfra("check");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("3 of 3 checks passed."), r.toString());
  }

  @Test
  @Order(2)
  void aBuildStartedOnAClientRunsOnItsBuilder() {
    assertEquals("built-on-host2", offloadedBuild("host4"), "c2 uses only b2");
    String c1 = offloadedBuild("host3");
    assertTrue(c1.equals("built-on-host1") || c1.equals("built-on-host2"), c1);
  }

  @Test
  @Order(3)
  void aSecondPlanHasNoChanges() throws Exception {
    NixinfraProcess.Result r = nixinfra("plan", "--detailed-exitcode");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("No changes."), r.toString());
  }

  @Test
  @Order(4)
  void moreJobsAndOneBuilderFewerPlanExactlyThat() throws Exception {
    writeConfig(3, false);
    NixinfraProcess.Result r = nixinfra("plan", "--out", "change.plan");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Plan: 0 to add, 3 to change, 1 to destroy."), r.toString());
    assertTrue(r.out().contains("builder.b1 will be updated in-place"), r.toString());
    assertTrue(r.out().matches("(?s).*~ max_jobs +=  *2 -> 3.*"), r.toString());
    assertTrue(r.out().contains("-max-jobs = 2") && r.out().contains("+max-jobs = 3"), "the nix.conf diff: " + r);
    assertTrue(r.out().contains("builder.b2 will be destroyed"), r.toString());
    assertTrue(r.out().contains("client.c1 will be updated in-place"), r.toString());
    assertTrue(r.out().contains("client.c2 will be updated in-place"), r.toString());

    r = nixinfra("apply", "change.plan");
    assertEquals(0, r.exit(), r.toString());
    assertEquals(run.before("host2"), run.snapshot("host2"), "b2 is left exactly as it was");

    r = nixinfra("check");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("2 of 2 checks passed."), r.toString());
    assertEquals("built-on-host1", offloadedBuild("host4"));
  }

  @Test
  @Order(5)
  void anUntrustedBuildUserIsDiagnosedByCheck() throws Exception {
    // Someone removes nixinfra's trust line by hand: check says what is wrong and how to fix it.
    ExecResult edit = lab.exec("host1", "sh", "-c",
        "sed -i '/trusted-users/d' /etc/nix/nix.conf && " + FleetLab.RESTART_COMMAND);
    assertEquals(0, edit.exitCode(), edit::toString);
    NixinfraProcess.Result r = nixinfra("check");
    assertEquals(1, r.exit(), r.toString());
    // Nix 2.8 does not report trust when pinged, so the probe build is where the refusal shows.
    assertTrue(r.out().contains("✗ build") || r.out().contains("✗ store"), r.toString());
    assertTrue(r.out().contains("not in the builder's trusted-users"), r.toString());
    assertTrue(r.out().contains("Fix: "), r.toString());

    r = nixinfra("plan", "--detailed-exitcode");
    assertEquals(2, r.exit(), "the hand edit is drift: " + r);
    assertTrue(r.out().contains("Objects have changed outside of nixinfra"), r.toString());
    assertEquals(0, nixinfra("apply", "--auto-approve").exit());
    assertEquals(0, nixinfra("check").exit(), "apply repaired it");
  }

  @Test
  @Order(6)
  void aChangedHostKeyIsDiagnosedByCheck() throws Exception {
    ExecResult rekey = lab.exec("host1", "sh", "-c", "cp -p /etc/ssh/ssh_host_ed25519_key /root/hostkey.saved && "
        + "cp -p /etc/ssh/ssh_host_ed25519_key.pub /root/hostkey.saved.pub && "
        + "rm -f /etc/ssh/ssh_host_ed25519_key* && ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key");
    assertEquals(0, rekey.exitCode(), rekey::toString);
    try {
      NixinfraProcess.Result r = nixinfra("check");
      assertEquals(1, r.exit(), r.toString());
      assertTrue(r.out().contains("✗ ssh"), r.toString());
      assertTrue(r.out().toLowerCase().contains("host key"), r.toString());
    } finally {
      ExecResult back = lab.exec("host1", "sh", "-c", "mv /root/hostkey.saved /etc/ssh/ssh_host_ed25519_key && "
          + "mv /root/hostkey.saved.pub /etc/ssh/ssh_host_ed25519_key.pub");
      assertEquals(0, back.exitCode(), back::toString);
    }
  }

  @Test
  @Order(7)
  void destroyLeavesEveryHostAsItWas() throws Exception {
    NixinfraProcess.Result r = nixinfra("destroy", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    run.assertEveryHostAsBefore("after destroy");
    assertFalse(lab.exec("host3", "test", "-e", "/etc/nix/nixinfra_ed25519").ok(), "the client key is gone");
  }

  /** nixinfra run on the client itself: {@code host: local} takes the same steps without SSH. */
  @Test
  @Order(8)
  void aLocalClientIsConfiguredWithoutSsh() throws Exception {
    Path local = dir.resolve("local");
    Files.createDirectories(local);
    Path config = local.resolve("nixinfra.yaml");
    Files.writeString(config, """
        stack: lab-local
        state: { path: state.json }
        ssh:
          identity: %s
          known_hosts: %s
        builders:
          b1: { host: %s, systems: [x86_64-linux], max_jobs: 2, restart_command: %s }
        clients:
          here: { kind: nix-linux, host: local, builders: all, max_jobs: 0, restart_command: %s }
        """.formatted(lab.adminKey(), lab.knownHosts(), lab.host("host1").address(), FleetLab.RESTART_COMMAND,
        FleetLab.RESTART_COMMAND));
    String javaBinary = ProcessHandle.current().info().command().orElse("java");
    java.util.function.Function<String[], ExecResult> onHost4 = args -> {
      List<String> cmd = new java.util.ArrayList<>(List.of(javaBinary, "-jar", NixinfraProcess.JAR.toString()));
      cmd.addAll(List.of(args));
      cmd.addAll(List.of("-f", config.toString()));
      return lab.exec(java.time.Duration.ofSeconds(300), "host4", cmd.toArray(String[]::new));
    };
    ExecResult r = onHost4.apply(new String[] {"apply", "--auto-approve"});
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stdout().contains("Apply complete! Resources: 3 added"), r::toString);
    assertTrue(lab.exec("host4", "cat", "/etc/nix/nixinfra-machines").stdout()
        .contains("ssh-ng://remotebuild@" + lab.host("host1").address()));
    r = onHost4.apply(new String[] {"check"});
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stdout().contains("1 of 1 checks passed."), r::toString);
    assertEquals("built-on-host1", offloadedBuild("host4"));
    r = onHost4.apply(new String[] {"destroy", "--auto-approve"});
    assertEquals(0, r.exitCode(), r::toString);
    for (String h : List.of("host1", "host4")) {
      assertEquals(run.before(h), run.snapshot(h), h + " differs after destroy");
    }
  }
}
