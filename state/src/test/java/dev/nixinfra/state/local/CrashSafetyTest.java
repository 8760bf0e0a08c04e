package dev.nixinfra.state.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.StateVersion;
import dev.nixinfra.state.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed with SIGKILL at random moments never leaves a state file that cannot be read. */
class CrashSafetyTest {
  private static final String LINEAGE = "6f1d2b3c-4a4e-4a5e-9a57-0b9c7c1e4d5e";
  /** About 100 KB of JSON, so a kill often lands in the middle of a write. */
  private static final int RESOURCES = 300;
  private static final int KILLS = 20;
  /** Only a bound against a hung run: the kills count, not how fast they happen (a loaded machine is slower). */
  private static final Duration BUDGET = Duration.ofSeconds(150);

  @TempDir
  Path tmp;

  @Test
  void stateSurvivesWritersKilledMidWrite() throws Exception {
    Path file = tmp.resolve(".nixinfra").resolve("state.json");
    LocalStateStore store = new LocalStateStore(file);
    Random random = new Random(42);
    long started = System.nanoTime();
    long lastSerial = 0;
    int kills = 0;
    int killsMidWrite = 0;
    while (kills < KILLS && System.nanoTime() - started < BUDGET.toNanos()) {
      ChildJvm writer = ChildJvm.start(StateWriterMain.class, file.toString(), LINEAGE, String.valueOf(RESOURCES));
      try {
        writer.awaitLine("wrote", Duration.ofSeconds(15)); // past the slow first write of a cold JVM
        // Until the random moment of the kill, read while it writes: a reader sees whole snapshots only.
        long killAt = System.nanoTime() + random.nextInt(150) * 1_000_000L;
        do {
          lastSerial = checkedSerial(store, lastSerial);
        } while (System.nanoTime() < killAt);
        writer.kill();
        kills++;
      } finally {
        writer.close();
      }
      if (!temporaries(file).isEmpty()) {
        killsMidWrite++;
      }
      lastSerial = checkedSerial(store, lastSerial); // must parse, whatever moment the kill hit
    }
    assertTrue(kills >= KILLS, "only " + kills + " kills fitted in " + BUDGET);
    assertTrue(lastSerial > 0, "the writers never finished a single write");
    assertTrue(killsMidWrite > 0, "no kill of " + kills + " hit a write in progress");

    // Temporary files of killed writers do not disturb later writes and reads, and are cleaned up by them.
    State next = StateWriterMain.stateFor(LINEAGE, lastSerial + 1, RESOURCES);
    store.write(next);
    assertEquals(Optional.of(next), store.read());
    assertEquals(List.of(), temporaries(file));
    // Every serial up to the last is in the history: none was lost.
    List<StateVersion> history = store.history();
    assertEquals(lastSerial + 1, history.get(history.size() - 1).serial());
    for (int i = 0; i < history.size(); i++) {
      assertEquals(history.get(0).serial() + i, history.get(i).serial());
    }
  }

  /**
   * Reads the state and checks it is exactly a snapshot the writer wrote, no older than the last one seen.
   *
   * @return its serial
   */
  private static long checkedSerial(LocalStateStore store, long lastSerial) throws Exception {
    Optional<State> state = store.read();
    if (state.isEmpty()) {
      return lastSerial;
    }
    long serial = state.get().serial();
    assertEquals(StateWriterMain.stateFor(LINEAGE, serial, RESOURCES), state.get(),
        "the state is exactly the snapshot the writer wrote for serial " + serial);
    assertTrue(serial >= lastSerial, "serial went back from " + lastSerial + " to " + serial);
    return serial;
  }

  /** Temporary files left by a writer, next to the state file or in its history. */
  private static List<Path> temporaries(Path file) throws IOException {
    Path dir = file.getParent();
    if (!Files.isDirectory(dir.resolve("history"))) {
      return List.of(); // killed before its first write
    }
    try (Stream<Path> files = Stream.concat(Files.list(dir), Files.list(dir.resolve("history")))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
