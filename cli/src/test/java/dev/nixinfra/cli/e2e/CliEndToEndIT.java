package dev.nixinfra.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, run as a user runs it, against the test world provider: the whole plan/apply/state cycle,
 * saved plans, locking between processes, crashes and interrupts.
 */
class CliEndToEndIT {
  private static final String TOKEN = WorldFleet.TOKEN;
  private static final String CONFIG = WorldFleet.CONFIG;
  private static final int RESOURCES = WorldFleet.RESOURCES;

  @TempDir Path dir;
  private Path world;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    world = dir.resolve("world");
    Files.createDirectories(world);
    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG);
    env.put("NIXINFRA_TEST_WORLD", world.toString());
    env.put("HCLOUD_TOKEN", TOKEN);
  }

  private NixinfraProcess.Result nixinfra(String... args) throws Exception {
    return NixinfraProcess.run(dir, env, "", args);
  }

  private long worldObjects() throws Exception {
    try (Stream<Path> s = Files.list(world)) {
      return s.filter(p -> p.toString().endsWith(".json")).count();
    }
  }

  /** The apply holds the state lock once its details file exists; by then its interrupt handler is installed. */
  private void waitForLockHolder() throws Exception {
    Path info = dir.resolve(".nixinfra/state.json.lock.info");
    for (int i = 0; i < 600 && !Files.exists(info); i++) {
      Thread.sleep(50);
    }
    assertTrue(Files.exists(info), "the apply never took the lock");
  }

  private void waitForWorldObjects(long n) throws Exception {
    for (int i = 0; i < 600 && worldObjects() < n; i++) {
      Thread.sleep(50);
    }
    assertTrue(worldObjects() >= n, "the apply never got going");
  }

  @Test
  void planApplyChangeAndDestroyAFleet() throws Exception {
    NixinfraProcess.Result r = nixinfra("validate");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Success! The configuration is valid."), r.toString());

    r = nixinfra("plan", "--detailed-exitcode");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.out().contains("Plan: 7 to add, 0 to change, 0 to destroy."), r.toString());
    assertTrue(r.out().contains("(known after apply)"), r.toString());

    r = nixinfra("apply", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Apply complete! Resources: 7 added, 0 changed, 0 destroyed."), r.toString());
    assertEquals(RESOURCES, worldObjects());
    Path state = dir.resolve(".nixinfra/state.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));

    r = nixinfra("plan", "--detailed-exitcode");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("No changes."), r.toString());

    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG.replace("max_jobs: 8", "max_jobs: 6"));
    r = nixinfra("plan", "--out", "change.plan");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Plan: 0 to add, 2 to change, 0 to destroy."), r.toString());
    assertTrue(r.out().contains("builder.office will be updated in-place"), r.toString());
    assertTrue(r.out().contains("nixinfra apply change.plan"), r.toString());

    r = nixinfra("show", "--json", "change.plan");
    assertEquals(0, r.exit(), r.toString());
    JsonNode shown = new ObjectMapper().readTree(r.out());
    assertEquals("1", shown.get("format_version").asText());
    assertEquals(2, shown.get("summary").get("change").asInt());

    r = nixinfra("apply", "change.plan");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Apply complete! Resources: 0 added, 2 changed, 0 destroyed."), r.toString());

    r = nixinfra("state", "list");
    assertEquals(RESOURCES, r.out().lines().count(), r.toString());
    assertTrue(r.out().contains("hcloud_server.arm1"));

    r = nixinfra("state", "show", "builder.office");
    assertTrue(r.out().contains("max_jobs") && r.out().contains("6"), r.toString());

    r = nixinfra("graph");
    assertTrue(r.out().contains("\"client.ci\" -> \"builder.office\""), r.toString());

    r = nixinfra("destroy", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Destroy complete! Resources: 7 destroyed."), r.toString());
    assertEquals(0, worldObjects());
    assertTrue(Files.list(dir.resolve(".nixinfra/history")).count() >= 3, "every version is kept");
  }

  @Test
  void applyAsksForConfirmationAndOnlyYesApproves() throws Exception {
    NixinfraProcess.Result r = NixinfraProcess.run(dir, env, "no\n", "apply");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.out().contains("Only 'yes' will be accepted to approve."), r.toString());
    assertTrue(r.err().contains("Apply cancelled."), r.toString());
    assertEquals(0, worldObjects());

    r = NixinfraProcess.run(dir, env, "yes\n", "apply");
    assertEquals(0, r.exit(), r.toString());
    assertEquals(RESOURCES, worldObjects());
  }

  @Test
  void aSavedPlanIsRefusedOnceTheStateMovedOn() throws Exception {
    assertEquals(0, nixinfra("apply", "--auto-approve").exit());
    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG.replace("max_jobs: 8", "max_jobs: 2"));
    assertEquals(0, nixinfra("plan", "--out", "old.plan").exit());
    assertEquals(0, nixinfra("state", "rm", "client.ci").exit());

    NixinfraProcess.Result r = nixinfra("apply", "old.plan");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("saved plan is stale"), r.toString());
    assertTrue(r.err().contains("Run plan again"), r.toString());
  }

  @Test
  void aSecondRunIsLockedOutWhileTheFirstApplies() throws Exception {
    env.put("NIXINFRA_TEST_WORLD_LATENCY_MS", "400");
    try (NixinfraProcess first = NixinfraProcess.start(dir, env, "apply", "--auto-approve", "--parallelism", "1")) {
      waitForWorldObjects(1);
      NixinfraProcess.Result second = nixinfra("plan");
      assertEquals(1, second.exit(), second.toString());
      assertTrue(second.err().contains("locked by another run"), second.toString());
      assertTrue(second.err().contains("apply by "), second.toString());
      assertTrue(second.err().contains("pid " + first.pid()), second.toString());

      NixinfraProcess.Result waited = nixinfra("plan", "--lock-timeout", "120s", "--detailed-exitcode");
      assertEquals(0, waited.exit(), "waits for the lock, then plans against the new state: " + waited);
      assertEquals(0, first.waitFor(120).exit());
    }
  }

  @Test
  void aRunKilledMidApplyLosesNothingAndTheNextApplyConverges() throws Exception {
    env.put("NIXINFRA_TEST_WORLD_LATENCY_MS", "300");
    try (NixinfraProcess first = NixinfraProcess.start(dir, env, "apply", "--auto-approve", "--parallelism", "2")) {
      waitForWorldObjects(3);
      first.kill();
    }
    env.remove("NIXINFRA_TEST_WORLD_LATENCY_MS");
    NixinfraProcess.Result shown = nixinfra("show", "--json");
    assertEquals(0, shown.exit(), "the state parses after SIGKILL: " + shown);
    NixinfraProcess.Result r = nixinfra("apply", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertEquals(RESOURCES, worldObjects());
    r = nixinfra("plan", "--detailed-exitcode");
    assertEquals(0, r.exit(), r.toString());
  }

  @Test
  void firstInterruptLetsRunningWorkFinishAndSavesState() throws Exception {
    env.put("NIXINFRA_TEST_WORLD_LATENCY_MS", "1500");
    NixinfraProcess.Result r;
    try (NixinfraProcess p = NixinfraProcess.start(dir, env, "apply", "--auto-approve", "--parallelism", "1")) {
      waitForLockHolder();
      Thread.sleep(500);
      p.interrupt();
      r = p.waitFor(60);
    }
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("Interrupt received"), r.toString());
    assertTrue(r.err().contains("were not started"), r.toString());
    env.remove("NIXINFRA_TEST_WORLD_LATENCY_MS");
    NixinfraProcess.Result list = nixinfra("state", "list");
    assertEquals(worldObjects(), list.out().lines().count(), "state records exactly what was made: " + list);
    assertTrue(worldObjects() >= 1 && worldObjects() < RESOURCES, "world: " + worldObjects());
  }

  @Test
  void secondInterruptExitsAtOnce() throws Exception {
    env.put("NIXINFRA_TEST_WORLD_LATENCY_MS", "20000");
    NixinfraProcess.Result r;
    try (NixinfraProcess p = NixinfraProcess.start(dir, env, "apply", "--auto-approve", "--parallelism", "1")) {
      waitForLockHolder();
      Thread.sleep(1500); // planning is done and the first operation is in flight for 20 s
      p.interrupt();
      Thread.sleep(300);
      p.interrupt();
      r = p.waitFor(10);
    }
    assertEquals(130, r.exit(), r.toString());
    assertTrue(r.err().contains("Two interrupts received. Exiting immediately."), r.toString());
  }

  @Test
  void badConfigurationGivesLocatedErrorsAndNoStackTrace() throws Exception {
    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG.replace("systems: [x86_64-linux]",
        "systems: [x86_64-linx]").replace("max_jobs: 4", "max_jobs: four").replace("builders: all",
        "builders: [office, nope]"));
    for (String command : List.of("validate", "plan", "apply")) {
      NixinfraProcess.Result r = nixinfra(command, "--no-color");
      assertEquals(1, r.exit(), r.toString());
      for (String line : List.of("nixinfra.yaml:10:", "nixinfra.yaml:13:", "nixinfra.yaml:19:")) {
        assertTrue(r.err().contains(line), "every problem, located (" + line + "): " + r);
      }
      assertTrue(r.err().contains("x86_64-linux"), "suggests the fix: " + r);
      assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r);
    }
  }

  @Test
  void secretsReachNoStatePlanOrOutput() throws Exception {
    NixinfraProcess.Result plan = nixinfra("plan", "--out", "fleet.plan");
    NixinfraProcess.Result json = nixinfra("plan", "--json");
    NixinfraProcess.Result apply = nixinfra("apply", "--auto-approve");
    NixinfraProcess.Result show = nixinfra("show", "--json");
    for (NixinfraProcess.Result r : List.of(plan, json, apply, show)) {
      assertEquals(0, r.exit(), r.toString());
      assertFalse((r.out() + r.err()).contains(TOKEN), r.toString());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (!f.getFileName().toString().equals("nixinfra.yaml")) {
          assertFalse(Files.readString(f).contains(TOKEN), "token in " + f);
        }
      }
    }
  }
}
