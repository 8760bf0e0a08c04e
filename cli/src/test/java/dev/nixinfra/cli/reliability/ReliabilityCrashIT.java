package dev.nixinfra.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.cli.e2e.NixinfraProcess;
import dev.nixinfra.core.model.State;
import dev.nixinfra.providers.hcloud.fake.FakeHcloud;
import dev.nixinfra.providers.hcloud.fake.ServerView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash at any moment: {@code apply --auto-approve} of a five-builder stack's servers (and its key) against the
 * fake Hetzner API (30 ms per request, actions that answer "running" to one poll before succeeding) is killed with
 * SIGKILL after a random delay, 50 times, each time a fresh stack and working folder on one shared fake. The delays
 * come from generators seeded from one printed seed: {@code -Dreliability.seed=N} replays it,
 * {@code -Dreliability.kills=N} and {@code -Dreliability.workers=N} change the number of kills (50) and of rounds
 * run side by side (3).
 *
 * <p>Contract checked after every kill: the state file parses with the product's codec; no name was ever created
 * twice; the next apply's plan creates, replaces or destroys no server that exists and adopts every one missing
 * from state; that apply converges to exactly the configured servers, each recorded under its id; and then
 * {@code plan --detailed-exitcode} finds no changes.
 */
class ReliabilityCrashIT {
  private static final int BUILDERS = 5;

  @TempDir Path dir;
  private FakeHcloud cloud;
  private Map<String, String> env;

  @BeforeEach
  void start() {
    cloud = Cloud.start();
    env = Cloud.env(cloud);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void killedAtAnyMomentNothingIsLostOrMadeTwice() throws Exception {
    long seed = Long.getLong("reliability.seed", System.nanoTime());
    int wanted = Integer.getInteger("reliability.kills", 50);
    int workers = Integer.getInteger("reliability.workers", 3);
    Report.record("crash", "seed " + seed + " (replay with -Dreliability.seed=" + seed + ")");
    Timing timing = calibrate();
    // Kills are spread from half-way to the first POST /servers to the end of a whole apply: before that a run
    // only starts its JVM and reads, which few kills need to show.
    long minDelay = timing.firstPost / 2;
    long maxDelay = timing.apply;

    Counts counts = new Counts();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        int share = wanted / workers + (w < wanted % workers ? 1 : 0);
        running.add(pool.submit(() -> {
          Random random = new Random(seed + worker);
          for (int round = 0; round < share; round++) {
            round("crash" + worker + "r" + round, minDelay + random.nextInt((int) (maxDelay - minDelay)), seed,
                counts);
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        try {
          f.get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
          throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    long posts = cloud.createRequestsByName().entrySet().stream().filter(e -> e.getKey().startsWith("crash"))
        .mapToLong(Map.Entry::getValue).sum();
    long created = cloud.createdServerNames().stream().filter(n -> n.startsWith("crash")).count();
    long servers = cloud.servers().stream().filter(s -> s.name().startsWith("crash")).count();
    Report.record("crash", "kills " + counts.kills + " (before any POST /servers " + counts.beforeAnyPost
        + ", with a server created but not yet in state " + counts.midCreate + ", after every server was in state "
        + counts.afterAll + "), applies that finished before their kill " + counts.finishedFirst
        + ", servers adopted by the next apply " + counts.adopted + ", POST /servers " + posts
        + ", servers created " + created + ", servers now " + servers + " (" + wanted + " stacks x " + BUILDERS
        + ")");
    assertEquals((long) wanted * BUILDERS, servers);
    assertEquals(servers, created, "every server created exactly once");
    assertEquals(servers, posts, "and asked for exactly once");
  }

  private record Timing(long apply, long firstPost) {}

  /** One apply nobody kills, timed; the first run also writes the class archive the others start with. */
  private Timing calibrate() throws Exception {
    Fleet fleet = Fleet.write(dir.resolve("calibration"), "calib", BUILDERS);
    Cli.run(fleet.dir(), env, fleet.targeted("plan"));
    long start = System.nanoTime();
    long firstPost = -1;
    NixinfraProcess.Result full;
    try (Cli apply = Cli.start(fleet.dir(), env, fleet.targeted("apply", "--auto-approve"))) {
      while (apply.isAlive()) {
        if (firstPost < 0 && !cloud.createRequestsByName().isEmpty()) {
          firstPost = (System.nanoTime() - start) / 1_000_000;
        }
        Thread.sleep(5);
      }
      full = apply.waitFor(10);
    }
    assertEquals(0, full.exit(), full.toString());
    long applyMillis = (System.nanoTime() - start) / 1_000_000;
    Cloud.assertConverged(cloud, fleet, "after an apply nobody killed");
    Report.record("crash", "one whole apply of " + BUILDERS + " servers: " + applyMillis + " ms, its first POST "
        + "/servers after " + firstPost + " ms");
    return new Timing(applyMillis, firstPost);
  }

  /** A fresh stack: an apply killed after {@code delay} ms, the checks, the converging apply, the last plan. */
  private void round(String name, long delay, long seed, Counts counts) throws Exception {
    Fleet fleet = Fleet.write(dir.resolve(name), name, BUILDERS);
    String at = "(" + name + ", killed after " + delay + " ms, seed " + seed + ")";
    try (Cli apply = Cli.start(fleet.dir(), env, fleet.targeted("apply", "--auto-approve"))) {
      Thread.sleep(delay);
      if (!apply.kill()) {
        NixinfraProcess.Result r = apply.waitFor(10);
        assertEquals(0, r.exit(), "an apply nobody killed succeeds " + at + ": " + r);
        counts.add(c -> c.finishedFirst++);
      }
    }
    counts.add(c -> c.kills++);

    Optional<State> state = Cloud.state(fleet); // throws when the file does not parse
    Map<String, ServerView> servers = Cloud.servers(cloud, fleet);
    Cloud.assertNoneCreatedTwice(cloud, fleet, at);
    List<String> orphans = Fleet.builders(BUILDERS).stream()
        .filter(b -> servers.containsKey(name + "-" + b) && !state.map(s -> Cloud.recorded(s, b)).orElse(false))
        .toList();
    long posts = fleet.serverNames().stream().mapToLong(n -> cloud.createRequestsByName().getOrDefault(n, 0L)).sum();
    long recorded = Fleet.builders(BUILDERS).stream().filter(b -> state.map(s -> Cloud.recorded(s, b)).orElse(false))
        .count();
    counts.add(c -> {
      c.beforeAnyPost += posts == 0 ? 1 : 0;
      c.midCreate += orphans.isEmpty() ? 0 : 1;
      c.afterAll += recorded == BUILDERS ? 1 : 0;
      c.adopted += orphans.size();
    });

    // The next apply prints its plan first: that is the next plan.
    NixinfraProcess.Result converge = Cli.run(fleet.dir(), env, fleet.targeted("apply", "--auto-approve"));
    assertEquals(0, converge.exit(), "the apply after the kill " + at + ": " + converge);
    for (String b : Fleet.builders(BUILDERS)) {
      if (servers.containsKey(name + "-" + b)) {
        for (String wrong : List.of("will be created", "must be replaced", "will be destroyed")) {
          assertFalse(converge.out().contains("hcloud_server." + b + " " + wrong),
              b + " exists, yet the next plan says it " + wrong + " " + at + ": " + converge);
        }
      }
    }
    for (String b : orphans) {
      assertTrue(converge.out().contains("hcloud_server." + b + " exists but was not in state: adopted"),
          b + " was made but not recorded, so the next plan adopts it " + at + ": " + converge);
    }
    Cloud.assertConverged(cloud, fleet, at + ": " + converge);
    NixinfraProcess.Result plan = Cli.run(fleet.dir(), env, fleet.targeted("plan", "--detailed-exitcode"));
    assertEquals(0, plan.exit(), "no changes after the converging apply " + at + ": " + plan);
  }

  private static final class Counts {
    int kills;
    int beforeAnyPost;
    int midCreate;
    int afterAll;
    int finishedFirst;
    int adopted;

    synchronized void add(Consumer<Counts> change) {
      change.accept(this);
    }
  }
}
