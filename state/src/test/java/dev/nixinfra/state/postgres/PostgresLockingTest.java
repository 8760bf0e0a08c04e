package dev.nixinfra.state.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.LockedException;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.state.testing.ChildJvm;
import dev.nixinfra.state.testing.PgDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL run lock against other processes: naming the holder, waiting, SIGKILL, force-unlock. */
class PostgresLockingTest {
  @RegisterExtension
  static final PgDatabase DB = new PgDatabase();

  private static final Duration START = Duration.ofSeconds(30);

  private String stack;
  private PostgresStateStore store;

  @BeforeEach
  void setUp(TestInfo test) {
    stack = test.getTestMethod().orElseThrow().getName().toLowerCase();
    store = new PostgresStateStore(PgUrl.parse(DB.url(), Map.of()), stack);
  }

  private static LockInfo me() {
    return LockInfo.forThisProcess("plan", "nixinfra plan");
  }

  private ChildJvm holder(long millis) throws Exception {
    return ChildJvm.start(PgLockHolderMain.class, DB.url(), stack, Long.toString(millis));
  }

  @Test
  void secondProcessIsLockedOutThenWaitsForTheHolder() throws Exception {
    try (ChildJvm holder = holder(3000)) {
      holder.awaitLine("LOCKED", START);
      long before = System.nanoTime();
      LockedException e = assertThrows(LockedException.class, () -> store.lock(me(), Duration.ZERO));
      assertTrue(System.nanoTime() - before < Duration.ofSeconds(2).toNanos(), "refused at once");
      assertEquals(holder.pid(), e.holder().orElseThrow().pid());
      assertTrue(e.getMessage().startsWith("the state at " + store.describe() + " is locked by another run: apply by "),
          e.getMessage());
      assertTrue(e.getMessage().contains("(pid " + holder.pid() + ")"), e.getMessage());

      try (StateLock lock = store.lock(me(), Duration.ofSeconds(30))) {
        holder.awaitLine("RELEASED", START);
        assertEquals(ProcessHandle.current().pid(), lock.info().pid());
      }
    }
  }

  /**
   * The holder's row names another session (a dead run's, or none yet while the holder records itself): the refused
   * run waits briefly for the row of the session that holds the lock, and never names the wrong run.
   */
  @Test
  void aRefusedRunNamesOnlyTheSessionThatHoldsTheLock() throws Exception {
    try (ChildJvm holder = holder(600_000)) {
      holder.awaitLine("LOCKED", START);
      int real = backendPid();
      setBackendPid(1);
      Thread restore = new Thread(() -> {
        try {
          Thread.sleep(300);
          setBackendPid(real);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      restore.start();
      LockedException named = assertThrows(LockedException.class, () -> store.lock(me(), Duration.ZERO));
      restore.join();
      assertEquals(holder.pid(), named.holder().orElseThrow().pid());

      setBackendPid(1); // a row that stays wrong, as a dead run's would
      LockedException unnamed = assertThrows(LockedException.class, () -> store.lock(me(), Duration.ZERO));
      assertTrue(unnamed.holder().isEmpty(), unnamed.getMessage());
    }
  }

  private int backendPid() throws Exception {
    try (Connection c = DriverManager.getConnection(DB.url()); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT backend_pid FROM nixinfra_lock WHERE stack = '" + stack + "'")) {
      r.next();
      return r.getInt(1);
    }
  }

  private void setBackendPid(int pid) throws Exception {
    try (Connection c = DriverManager.getConnection(DB.url()); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE nixinfra_lock SET backend_pid = " + pid + " WHERE stack = '" + stack + "'");
    }
  }

  @Test
  void aKilledHolderReleasesTheLock() throws Exception {
    try (ChildJvm holder = holder(600_000)) {
      holder.awaitLine("LOCKED", START);
      assertThrows(LockedException.class, () -> store.lock(me(), Duration.ZERO));
      holder.kill();
      // The server notices the closed connection at once; a short wait covers its scheduling.
      try (StateLock lock = store.lock(me(), Duration.ofSeconds(10))) {
        assertEquals(ProcessHandle.current().pid(), lock.info().pid());
      }
    }
  }

  @Test
  void timeoutRunsOutWhileTheHolderStays() throws Exception {
    try (ChildJvm holder = holder(600_000)) {
      holder.awaitLine("LOCKED", START);
      long before = System.nanoTime();
      assertThrows(LockedException.class, () -> store.lock(me(), Duration.ofMillis(700)));
      long waited = System.nanoTime() - before;
      assertTrue(waited >= Duration.ofMillis(700).toNanos() && waited < Duration.ofSeconds(5).toNanos(),
          "waited " + waited / 1_000_000 + " ms");
    }
  }

  @Test
  void forceUnlockNeedsTheRecordedIdAndEndsTheHoldersSession() throws Exception {
    try (ChildJvm holder = holder(600_000)) {
      String id = holder.awaitLine("LOCKED", START).substring("LOCKED ".length());
      StateException wrongId = assertThrows(StateException.class, () -> store.forceUnlock("not-the-id"));
      assertTrue(wrongId.getMessage().startsWith("cannot force-unlock " + store.describe()
          + ": the lock recorded there has id " + id + ", not not-the-id"), wrongId.getMessage());
      assertThrows(LockedException.class, () -> store.lock(me(), Duration.ZERO));

      store.forceUnlock(id);
      assertEquals(0, lockRows(), "the holder row is gone");
      try (StateLock lock = store.lock(me(), Duration.ZERO)) {
        assertEquals(ProcessHandle.current().pid(), lock.info().pid());
        StateException own = assertThrows(StateException.class, () -> store.forceUnlock(lock.info().id()));
        assertTrue(own.getMessage().contains("this process holds the lock"), own.getMessage());
      }
      assertEquals(0, lockRows());
      assertEquals("the state at " + store.describe() + " is not locked; there is nothing to unlock",
          assertThrows(StateException.class, () -> store.forceUnlock(id)).getMessage());
    }
  }

  @Test
  void aDeadHoldersRowIsReplacedByTheNextTaker() throws Exception {
    try (ChildJvm holder = holder(600_000)) {
      holder.awaitLine("LOCKED", START);
      holder.kill();
    }
    assertEquals(1, lockRows(), "a killed holder leaves its row");
    try (StateLock lock = store.lock(me(), Duration.ofSeconds(10))) {
      LockedException e = assertThrows(LockedException.class,
          () -> new PostgresStateStore(PgUrl.parse(DB.url(), Map.of()), stack).lock(me(), Duration.ZERO));
      assertEquals(lock.info(), e.holder().orElseThrow());
    }
    assertEquals(0, lockRows());
  }

  @Test
  void forceUnlockClearsTheRowADeadHolderLeft() throws Exception {
    String id;
    try (ChildJvm holder = holder(600_000)) {
      id = holder.awaitLine("LOCKED", START).substring("LOCKED ".length());
      holder.kill();
    }
    assertEquals(1, lockRows());
    store.forceUnlock(id);
    assertEquals(0, lockRows());
  }

  private int lockRows() throws Exception {
    try (Connection c = DriverManager.getConnection(DB.url()); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM nixinfra_lock WHERE stack = '" + stack + "'")) {
      r.next();
      return r.getInt(1);
    }
  }
}
