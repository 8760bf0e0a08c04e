package dev.nixinfra.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.state.testing.PgDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on the postgres state backend, against a throwaway server and the test world provider: two
 * applies started together, as two team members would, take turns through the database's lock.
 */
class PostgresEndToEndIT {
  @RegisterExtension
  static final PgDatabase DB = new PgDatabase();

  private static final String CONFIG = """
      stack: %s
      builders:
        office:
          host: build.acme.example
          systems: [x86_64-linux]
          max_jobs: 8
      clients:
        ci:
          kind: nixos
          host: ci.acme.example
          builders: all
      state:
        backend: postgres
        url: ${env:NIXINFRA_PG_URL}
      """;
  private static final String PASSWORD = "e2e-Pg-passw0rd";

  @TempDir Path dir;
  private Path world;
  private final Map<String, String> env = new HashMap<>();

  /** @param latencyMillis each world operation's delay; 3 of them make the apply that long at least */
  private void setUp(String stack, int latencyMillis) throws Exception {
    world = dir.resolve("world");
    Files.createDirectories(world);
    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG.formatted(stack));
    env.put("NIXINFRA_TEST_WORLD", world.toString());
    env.put("NIXINFRA_TEST_WORLD_LATENCY_MS", Integer.toString(latencyMillis));
    String db = DB.url().replaceAll(".*/([^?]*)\\?.*", "$1");
    // trust authentication accepts any password; it is here to prove that none is ever shown
    env.put("NIXINFRA_PG_URL", "postgresql://postgres:" + PASSWORD + "@127.0.0.1:" + DB.port() + "/" + db);
  }

  private long worldObjects() throws Exception {
    try (Stream<Path> s = Files.list(world)) {
      return s.filter(p -> p.toString().endsWith(".json")).count();
    }
  }

  private List<NixinfraProcess.Result> twoAppliesAtOnce(String... extra) throws Exception {
    String[] args = Stream.concat(Stream.of("apply", "--auto-approve", "--parallelism", "1"), Stream.of(extra))
        .toArray(String[]::new);
    try (NixinfraProcess a = NixinfraProcess.start(dir, env, args);
        NixinfraProcess b = NixinfraProcess.start(dir, env, args)) {
      a.write("");
      b.write("");
      return List.of(a.waitFor(180), b.waitFor(180));
    }
  }

  @Test
  void twoAppliesAtOnceExactlyOneProceedsTheOtherNamesTheHolder() throws Exception {
    setUp("race", 1000); // the first apply holds the lock for 3 s or more, beyond any JVM start-up difference
    List<NixinfraProcess.Result> runs = twoAppliesAtOnce();
    List<NixinfraProcess.Result> ok = runs.stream().filter(r -> r.exit() == 0).toList();
    List<NixinfraProcess.Result> refused = runs.stream().filter(r -> r.exit() != 0).toList();
    assertEquals(1, ok.size(), runs.toString());
    assertEquals(1, refused.size(), runs.toString());
    assertTrue(ok.get(0).out().contains("Apply complete! Resources: 3 added"), ok.get(0).toString());
    String err = refused.get(0).err();
    assertTrue(err.contains("is locked by another run: apply by "), refused.get(0).toString());
    assertTrue(err.contains("postgresql://127.0.0.1:" + DB.port() + "/"), refused.get(0).toString());
    for (NixinfraProcess.Result r : runs) {
      assertTrue(!r.out().contains(PASSWORD) && !r.err().contains(PASSWORD), r.toString());
    }
    assertEquals(3, worldObjects());

    env.remove("NIXINFRA_TEST_WORLD_LATENCY_MS");
    NixinfraProcess.Result plan = NixinfraProcess.run(dir, env, "", "plan", "--detailed-exitcode");
    assertEquals(0, plan.exit(), plan.toString());
  }

  @Test
  void withALockTimeoutTheSecondWaitsAndPlansAgainstTheNewState() throws Exception {
    setUp("wait", 300);
    List<NixinfraProcess.Result> runs = twoAppliesAtOnce("--lock-timeout", "150s");
    for (NixinfraProcess.Result r : runs) {
      assertEquals(0, r.exit(), runs.toString());
    }
    long applied = runs.stream().filter(r -> r.out().contains("Apply complete! Resources: 3 added")).count();
    long noChanges = runs.stream().filter(r -> r.out().contains("No changes.")).count();
    assertEquals(1, applied, runs.toString());
    assertEquals(1, noChanges, "the second planned against the state the first left: " + runs);
    assertEquals(3, worldObjects(), "nothing was made twice");
  }
}
