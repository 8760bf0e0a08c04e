package dev.nixinfra.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.cli.e2e.NixinfraProcess;
import dev.nixinfra.providers.hcloud.fake.FakeHcloud;
import dev.nixinfra.providers.hcloud.fake.Options;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrency on one state: two applies of the same stack started together. Contract: exactly one proceeds; the
 * other fails fast (while the first still runs) naming the holder's pid; with {@code --lock-timeout} it waits
 * instead, then plans against the state the first left, so it has nothing to do. Only the commands and exit codes
 * are used, so the same test fits any backend whose folder the configuration names.
 */
class ReliabilityLockIT {
  private static final int BUILDERS = 3;

  @TempDir Path dir;
  private FakeHcloud cloud;
  private Map<String, String> env;

  @BeforeEach
  void start() {
    cloud = FakeHcloud.start(Options.builder().latency(Duration.ofMillis(30)).actionPolls(1).build());
    env = Cloud.env(cloud);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void twoAppliesStartedTogetherOneProceedsTheOtherFailsFastNamingTheHolder() throws Exception {
    Fleet fleet = Fleet.write(dir.resolve("lock"), "lock", BUILDERS);
    NixinfraProcess.Result a;
    NixinfraProcess.Result b;
    long pidA;
    long pidB;
    boolean secondFinishedFirst;
    try (Cli first = Cli.start(fleet.dir(), env, fleet.targeted("apply", "--auto-approve"));
        Cli second = Cli.start(fleet.dir(), env, fleet.targeted("apply", "--auto-approve"))) {
      pidA = first.pid();
      pidB = second.pid();
      while (first.isAlive() && second.isAlive()) {
        Thread.sleep(10);
      }
      secondFinishedFirst = !second.isAlive();
      a = first.waitFor(120);
      b = second.waitFor(120);
    }
    NixinfraProcess.Result winner = a.exit() == 0 ? a : b;
    NixinfraProcess.Result loser = a.exit() == 0 ? b : a;
    long winnerPid = a.exit() == 0 ? pidA : pidB;
    assertEquals(0, winner.exit(), "one proceeds: " + a + "\n" + b);
    assertEquals(1, loser.exit(), "the other is refused: " + loser);
    assertEquals(a.exit() == 0, secondFinishedFirst, "the refused run ends first, without waiting");
    assertTrue(loser.err().contains("locked by another run"), loser.toString());
    assertTrue(loser.err().contains("apply by ") && loser.err().contains("pid " + winnerPid), loser.toString());
    Cloud.assertConverged(cloud, fleet, "after the winner");
    Report.record("lock", "two applies at once: one applied " + BUILDERS + " servers, the other was refused "
        + "naming pid " + winnerPid + "; POST /servers " + cloud.countExact("POST", "/servers"));
  }

  @Test
  void withLockTimeoutTheSecondWaitsAndThenHasNothingToDo() throws Exception {
    Fleet fleet = Fleet.write(dir.resolve("wait"), "wait", BUILDERS);
    NixinfraProcess.Result a;
    NixinfraProcess.Result b;
    try (Cli first = Cli.start(fleet.dir(), env, fleet.targeted("apply", "--auto-approve"))) {
      // The second starts once the first holds the lock, so which one waits is known.
      Path info = fleet.dir().resolve(".nixinfra/state.json.lock.info");
      for (int i = 0; i < 1000 && !java.nio.file.Files.exists(info); i++) {
        Thread.sleep(10);
      }
      try (Cli second = Cli.start(fleet.dir(), env,
          fleet.targeted("apply", "--auto-approve", "--lock-timeout", "120s"))) {
        a = first.waitFor(120);
        b = second.waitFor(120);
      }
    }
    assertEquals(0, a.exit(), a.toString());
    assertEquals(0, b.exit(), b.toString());
    assertTrue(b.out().contains("No changes."), "plans against the new state: " + b);
    Cloud.assertConverged(cloud, fleet, "after both");
    assertEquals(BUILDERS, cloud.countExact("POST", "/servers"), "no duplicate work");
    Report.record("lock", "with --lock-timeout: the second apply waited, then found no changes; POST /servers "
        + cloud.countExact("POST", "/servers") + " for " + BUILDERS + " servers");
  }
}
