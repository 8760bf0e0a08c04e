package dev.nixinfra.providers.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.providers.ssh.HostKeyPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  static final InfectScript SCRIPT = new InfectScript("7563801d", "a".repeat(64));
  static final BootstrapSettings FAST = BootstrapSettings.defaults().withRebootDeadline(Duration.ofMillis(500))
      .withRetry(Duration.ofMillis(20), Duration.ZERO);

  final FakeMachine machine = new FakeMachine();
  final List<String> out = new CopyOnWriteArrayList<>();

  static BootstrapTarget created() {
    return new BootstrapTarget("10.77.250.1", 22, true, Optional.empty(), Optional.empty());
  }

  Bootstrap.Result run(BootstrapTarget target) throws BootstrapException {
    return new Bootstrap(machine, FAST).run(target, SCRIPT, "nixos-25.05", out::add, () -> false);
  }

  long count(String command) {
    return machine.commands.stream().filter(command::equals).count();
  }

  @Test
  void ubuntuBecomesNixosThroughEveryStep() throws Exception {
    String key = machine.hostKey;
    Bootstrap.Result r = run(created());
    assertEquals(new Bootstrap.Result(key, "nixos", true), r);
    assertInstanceOf(HostKeyPolicy.TrustOnFirstUse.class, machine.policies.get(0));
    // Every reconnection after the reboot is pinned to the key seen first.
    machine.policies.subList(1, machine.policies.size()).forEach(p -> assertEquals(new HostKeyPolicy.Pinned(key), p));
    assertEquals(1, machine.commands.stream().filter(c -> c.contains(InfectScript.STARTED)).count());
    assertEquals(1, count(Bootstrap.REBOOT_COMMAND));
    assertEquals(1, count(Bootstrap.CLEANUP_COMMAND));
    assertEquals(Bootstrap.CLEANUP_COMMAND, machine.commands.get(machine.commands.size() - 1));
    for (Bootstrap.Step s : List.of(Bootstrap.Step.CONNECT, Bootstrap.Step.CHECK_OS, Bootstrap.Step.INFECT,
        Bootstrap.Step.REBOOT, Bootstrap.Step.WAIT, Bootstrap.Step.VERIFY, Bootstrap.Step.CLEANUP,
        Bootstrap.Step.DONE)) {
      assertTrue(out.stream().anyMatch(l -> l.startsWith("[" + s + "]")), s + " not reported: " + out);
    }
    assertTrue(out.contains("installing nix"), out::toString);
  }

  @Test
  void alreadyNixosIsNotInfectedAgain() throws Exception {
    machine.osId = "nixos";
    Bootstrap.Result r = run(created());
    assertFalse(r.infected());
    assertEquals(List.of(OsRelease.COMMAND), machine.commands);
  }

  @Test
  void checksumMismatchChangesNothingAndDoesNotReboot() {
    machine.infect = FakeMachine.Infect.MISMATCH;
    BootstrapException e = assertThrows(BootstrapException.class, () -> run(created()));
    assertFalse(e.hostChanged());
    assertEquals(Bootstrap.Step.INFECT, e.step());
    assertTrue(e.getMessage().contains("sha256 check") && e.getMessage().contains("nothing on the host was changed"),
        e.getMessage());
    assertEquals(0, count(Bootstrap.REBOOT_COMMAND));
  }

  @Test
  void scriptFailureAfterItStartedChangedTheHost() {
    machine.infect = FakeMachine.Infect.FAIL;
    BootstrapException e = assertThrows(BootstrapException.class, () -> run(created()));
    assertTrue(e.hostChanged());
    assertTrue(e.getMessage().contains("error: nix install failed"), e.getMessage());
    assertEquals(Optional.of(machine.hostKey), e.seenHostKey());
    assertEquals(0, count(Bootstrap.REBOOT_COMMAND));
  }

  @Test
  void aConnectionLostDuringInfectCountsAsChanged() {
    machine.infect = FakeMachine.Infect.DROP;
    BootstrapException e = assertThrows(BootstrapException.class, () -> run(created()));
    assertTrue(e.hostChanged());
    assertEquals(Bootstrap.Step.INFECT, e.step());
  }

  @Test
  void hostThatNeverComesBackTimesOutWithTheLastError() {
    machine.neverBack = true;
    BootstrapException e = assertThrows(BootstrapException.class, () -> run(created()));
    assertTrue(e.hostChanged());
    assertEquals(Bootstrap.Step.WAIT, e.step());
    assertTrue(e.getMessage().contains("did not come back as NixOS within 500 ms")
        && e.getMessage().contains("connection refused"), e.getMessage());
  }

  /** The wait follows the configured deadline: it gives up when the next attempt would pass it, not before. */
  @Test
  void hostThatNeverComesBackFailsAfterTheConfiguredDeadline() {
    for (Duration deadline : List.of(Duration.ofMillis(200), Duration.ofMillis(900))) {
      FakeMachine machine = new FakeMachine();
      machine.neverBack = true;
      BootstrapSettings settings = FAST.withRebootDeadline(deadline);
      long start = System.nanoTime();
      BootstrapException e = assertThrows(BootstrapException.class, () -> new Bootstrap(machine, settings)
          .run(created(), SCRIPT, "nixos-25.05", out::add, () -> false));
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(waited.compareTo(deadline.minus(settings.retryInterval())) >= 0, "gave up early: " + waited);
      assertTrue(waited.compareTo(deadline.plusSeconds(2)) < 0, "waited too long: " + waited);
      assertEquals(Bootstrap.Step.WAIT, e.step());
      assertTrue(e.getMessage().contains("within " + deadline.toMillis() + " ms")
          && e.getMessage().contains("raise `nixos_infect: { reboot_timeout: ... }`"), e.getMessage());
    }
  }

  @Test
  void theOldSystemStillAnsweringIsWaitedFor() throws Exception {
    machine.refusedAfterReboot = 0;
    machine.oldOsAfterReboot = 2;
    assertTrue(run(created()).infected());
    assertEquals(1, count(Bootstrap.CLEANUP_COMMAND));
  }

  @Test
  void aChangedHostKeyAfterRebootStopsAtOnce() {
    machine.keyAfterReboot = FakeMachine.newKey();
    BootstrapException e = assertThrows(BootstrapException.class, () -> run(created()));
    assertTrue(e.hostChanged());
    assertEquals(Bootstrap.Step.VERIFY, e.step());
    assertTrue(e.getMessage().contains("another SSH host key"), e.getMessage());
    assertEquals(0, count(Bootstrap.CLEANUP_COMMAND));
  }

  @Test
  void aMachineNixinfraDidNotCreateIsNeverTrustedOnFirstUse() {
    BootstrapTarget host = new BootstrapTarget("debian.example", 22, false, Optional.empty(), Optional.empty());
    BootstrapException e = assertThrows(BootstrapException.class, () -> run(host));
    assertFalse(e.hostChanged());
    assertTrue(e.getMessage().contains("not trusted on first use"), e.getMessage());
    assertTrue(machine.policies.isEmpty());
  }

  @Test
  void firstContactPolicies() {
    String key = machine.hostKey;
    assertEquals(new HostKeyPolicy.Pinned(key),
        new BootstrapTarget("h", 22, true, Optional.of(key), Optional.empty()).firstContactPolicy());
    assertEquals(new HostKeyPolicy.KnownHosts(Path.of("/k")),
        new BootstrapTarget("h", 22, false, Optional.empty(), Optional.of(Path.of("/k"))).firstContactPolicy());
    assertInstanceOf(HostKeyPolicy.TrustOnFirstUse.class, created().firstContactPolicy());
  }

  @Test
  void plainHostsGetNoHetznerProvider() throws Exception {
    BootstrapTarget host = new BootstrapTarget("debian.example", 22, false, Optional.empty(),
        Optional.of(Path.of("/known_hosts")));
    run(host);
    String infect = machine.commands.stream().filter(c -> c.contains(InfectScript.STARTED)).findFirst().orElseThrow();
    assertFalse(infect.contains("PROVIDER="), infect);
  }

  @Test
  void cancelBeforeInfectChangesNothing() {
    BootstrapException e = assertThrows(BootstrapException.class,
        () -> new Bootstrap(machine, FAST).run(created(), SCRIPT, "nixos-25.05", out::add, () -> true));
    assertFalse(e.hostChanged());
    assertTrue(machine.commands.stream().noneMatch(c -> c.contains(InfectScript.STARTED)));
  }
}
