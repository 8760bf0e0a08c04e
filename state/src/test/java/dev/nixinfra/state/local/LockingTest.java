package dev.nixinfra.state.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.LockedException;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.state.json.LockInfoJson;
import dev.nixinfra.state.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run lock, against other processes and within this JVM. */
class LockingTest {
  private static final Duration START = Duration.ofSeconds(15);

  @TempDir
  Path tmp;
  Path file;
  LocalStateStore store;

  @BeforeEach
  void setUp() {
    file = tmp.resolve(".nixinfra").resolve("state.json");
    store = new LocalStateStore(file);
  }

  private static LockInfo me() {
    return LockInfo.forThisProcess("plan", "nixinfra plan");
  }

  @Test
  void secondProcessIsLockedOutThenWaitsForTheHolder() throws Exception {
    try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, file.toString(), "2000")) {
      holder.awaitLine("LOCKED", START);

      long before = System.nanoTime();
      LockedException e = assertThrows(LockedException.class, () -> store.lock(me(), Duration.ZERO));
      assertTrue(System.nanoTime() - before < Duration.ofSeconds(1).toNanos(), "refused at once");
      assertEquals(holder.pid(), e.holder().orElseThrow().pid());
      assertTrue(e.getMessage().startsWith("the state at " + file + " is locked by another run: apply by "),
          e.getMessage());
      assertTrue(e.getMessage().contains("(pid " + holder.pid() + ")"), e.getMessage());

      try (StateLock lock = store.lock(me(), Duration.ofSeconds(30))) {
        holder.awaitLine("RELEASED", START);
        assertEquals(ProcessHandle.current().pid(), lock.info().pid());
      }
    }
  }

  /**
   * A run refused in the moment between the holder taking the OS lock and writing its details still names the
   * holder: it waits briefly for the details instead of saying "holder unknown".
   */
  @Test
  void aRunRefusedBeforeTheHolderWroteItsDetailsStillNamesIt() throws Exception {
    try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, file.toString(), "600000")) {
      holder.awaitLine("LOCKED", START);
      Path info = file.resolveSibling("state.json.lock.info");
      Path aside = tmp.resolve("info-aside");
      Files.move(info, aside);
      Thread writer = new Thread(() -> {
        try {
          Thread.sleep(300);
          Files.move(aside, info);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      writer.start();
      LockedException e = assertThrows(LockedException.class, () -> store.lock(me(), Duration.ZERO));
      writer.join();
      assertEquals(holder.pid(), e.holder().orElseThrow().pid(), e.getMessage());
    }
  }

  @Test
  void aKilledHolderReleasesTheLockAtOnce() throws Exception {
    try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, file.toString(), "600000")) {
      holder.awaitLine("LOCKED", START);
      assertThrows(LockedException.class, () -> store.lock(me(), Duration.ZERO));
      holder.kill();
      try (StateLock lock = store.lock(me(), Duration.ZERO)) {
        assertEquals(ProcessHandle.current().pid(), lock.info().pid());
      }
    }
  }

  @Test
  void timeoutRunsOutWhileTheHolderStays() throws Exception {
    try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, file.toString(), "600000")) {
      holder.awaitLine("LOCKED", START);
      long before = System.nanoTime();
      assertThrows(LockedException.class, () -> store.lock(me(), Duration.ofMillis(700)));
      long waited = System.nanoTime() - before;
      assertTrue(waited >= Duration.ofMillis(700).toNanos() && waited < Duration.ofSeconds(3).toNanos(),
          "waited " + waited / 1_000_000 + " ms");
    }
  }

  @Test
  void forceUnlockRefusesALiveHolderAndClearsWhatADeadOneLeft() throws Exception {
    Path info = file.resolveSibling("state.json.lock.info");
    try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, file.toString(), "600000")) {
      String id = holder.awaitLine("LOCKED", START).substring("LOCKED ".length());
      StateException live = assertThrows(StateException.class, () -> store.forceUnlock(id));
      String host = LockInfoJson.parse(Files.readString(info)).host();
      assertEquals("cannot force-unlock " + file + ": local state locks are released when the holding process "
          + "exits; process " + holder.pid() + " on " + host + " still holds it. Stop that process or wait for it "
          + "to finish", live.getMessage());

      holder.kill();
      assertTrue(Files.exists(info), "a killed holder leaves its details behind");
      StateException wrongId = assertThrows(StateException.class, () -> store.forceUnlock("not-the-id"));
      assertTrue(wrongId.getMessage().contains("the lock left there has id " + id + ", not not-the-id"),
          wrongId.getMessage());
      store.forceUnlock(id);
      assertFalse(Files.exists(info));
      assertEquals("the state at " + file + " is not locked; there is nothing to unlock",
          assertThrows(StateException.class, () -> store.forceUnlock(id)).getMessage());
    }
  }

  @Test
  void withinOneJvmTheSecondLockIsRefusedAndCloseIsIdempotent() throws Exception {
    Files.createDirectories(file.getParent());
    Path link = Files.createSymbolicLink(tmp.resolve("link"), file.getParent());
    LocalStateStore other = new LocalStateStore(link.resolve("state.json")); // the same state, spelt otherwise
    StateLock first = store.lock(me(), Duration.ZERO);
    try {
      LockedException e = assertThrows(LockedException.class, () -> other.lock(me(), Duration.ZERO));
      assertEquals(first.info(), e.holder().orElseThrow());
      StateException own = assertThrows(StateException.class, () -> other.forceUnlock(first.info().id()));
      assertTrue(own.getMessage().contains("this process holds the lock"), own.getMessage());
    } finally {
      first.close();
    }
    first.close();
    assertFalse(Files.exists(file.resolveSibling("state.json.lock.info")));
    try (StateLock again = other.lock(me(), Duration.ZERO)) {
      assertEquals(ProcessHandle.current().pid(), again.info().pid());
    }
  }
}
