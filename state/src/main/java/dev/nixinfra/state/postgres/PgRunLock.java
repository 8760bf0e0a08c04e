package dev.nixinfra.state.postgres;

import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.LockWait;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run lock of one stack in the database: {@code pg_try_advisory_lock} on a key that belongs to the stack
 * ({@code nixinfra_lock_key}), taken on a connection kept for the whole run ({@link PgLock}). The holder's
 * {@link LockInfo} and its server process id go into {@code nixinfra_lock}, so another run can name it and
 * {@code force-unlock} can end its session.
 *
 * <p>Why no stale lock can otherwise exist: an advisory lock belongs to a server session, and the server ends the
 * session when its connection closes, which the kernel does when the client process dies in any way (SIGKILL
 * included), and which TCP keepalive detects when the client's machine or network vanishes. So a lock is only
 * ever held by a live session. What can be left behind is the holder row of a dead run; it is harmless (the next
 * taker replaces it) and is never trusted without the advisory lock. {@code force-unlock} is for a live session
 * whose run can no longer finish, such as a laptop asleep with its connection still open: it ends that session.
 */
final class PgRunLock {
  /** The high 32 bits of every run lock key ("nixi"); the low 32 bits are the stack's number. */
  private static final long NAMESPACE = 0x6e697869L;
  /** How long a refused run waits for the holder's row ({@link #holderOfSession}). */
  private static final Duration HOLDER_GRACE = Duration.ofSeconds(1);
  private static final Duration TERMINATION_WAIT = Duration.ofSeconds(10);

  /** Ids of the locks held by this JVM, so force-unlock never ends this process's own session. */
  private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

  private final PgConnections connections;
  private final String stack;
  private final String where;

  PgRunLock(PgConnections connections, String stack, String where) {
    this.connections = connections;
    this.stack = stack;
    this.where = where;
  }

  /** Takes the lock, waiting for it as every backend does ({@link LockWait}). */
  StateLock acquire(LockInfo info, Duration timeout) throws StateException {
    Connection c = null;
    try {
      c = connections.open();
      Schema.ensure(c);
      keepSessionWhileIdle(c);
      long key = key(c);
      Connection session = c;
      PgLock lock = LockWait.until(timeout, where, () -> {
        if (!tryLock(session, key)) {
          return Optional.empty();
        }
        record(session, info);
        HELD.add(info.id());
        return Optional.of(new PgLock(info, session, connections.url(), stack, key, () -> HELD.remove(info.id())));
      }, () -> holderOfSession(session, key));
      c = null; // the lock owns it now
      return lock;
    } catch (SQLException e) {
      throw PgErrors.of(connections.url(), "cannot lock the state at " + where, e);
    } finally {
      closeQuietly(c);
    }
  }

  /**
   * Ends the session that holds the lock recorded with {@code lockId}, then removes the record. Refuses when
   * nothing is recorded, when the id differs, and when this process holds the lock.
   */
  void forceUnlock(String lockId) throws StateException {
    if (HELD.contains(lockId)) {
      throw new StateException("cannot force-unlock " + where + ": this process holds the lock and releases it "
          + "when that run ends");
    }
    try (Connection c = connections.open()) {
      Schema.ensure(c);
      Optional<Holder> holder = holder(c);
      if (holder.isEmpty()) {
        throw new StateException("the state at " + where + " is not locked; there is nothing to unlock");
      }
      Holder h = holder.get();
      if (!h.info().id().equals(lockId)) {
        throw new StateException("cannot force-unlock " + where + ": the lock recorded there has id "
            + h.info().id() + ", not " + lockId + " (" + h.info().describe() + ")");
      }
      long key = key(c);
      OptionalInt session = sessionHolding(c, key);
      if (session.isPresent()) {
        if (session.getAsInt() != h.backendPid()) {
          throw new StateException("cannot force-unlock " + where + ": the lock is now held by another session "
              + "than the one recorded for lock id " + lockId + "; run the command again to see the holder");
        }
        terminate(c, h.backendPid());
        waitUntilFree(c, key);
      }
      try (PreparedStatement s = c.prepareStatement("DELETE FROM nixinfra_lock WHERE stack = ? AND lock_id = ?")) {
        s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
        s.setString(1, stack);
        s.setString(2, lockId);
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw PgErrors.of(connections.url(), "cannot force-unlock the state at " + where, e);
    }
  }

  /** The lock key of this stack, numbered on first use. */
  private long key(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO nixinfra_lock_key (stack) VALUES (?) ON CONFLICT (stack) DO NOTHING")) {
      s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      s.setString(1, stack);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("SELECT key FROM nixinfra_lock_key WHERE stack = ?")) {
      s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      s.setString(1, stack);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return (NAMESPACE << 32) | (r.getInt(1) & 0xffffffffL);
      }
    }
  }

  /**
   * A server may end idle sessions ({@code idle_session_timeout}, PostgreSQL 14 and later); the lock session is
   * idle while the run works, so it opts out. Older servers do not know the setting, which is then fine to ignore.
   */
  private static void keepSessionWhileIdle(Connection c) {
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      s.execute("SET idle_session_timeout = 0");
    } catch (SQLException e) {
      // an older server: it never ends idle sessions
    }
  }

  private static boolean tryLock(Connection c, long key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      s.setLong(1, key);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    }
  }

  private void record(Connection c, LockInfo info) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
        INSERT INTO nixinfra_lock (stack, lock_id, operation, user_name, host, pid, created, command, backend_pid)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, pg_backend_pid())
        ON CONFLICT (stack) DO UPDATE SET lock_id = excluded.lock_id, operation = excluded.operation,
          user_name = excluded.user_name, host = excluded.host, pid = excluded.pid, created = excluded.created,
          command = excluded.command, backend_pid = excluded.backend_pid""")) {
      s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      s.setString(1, stack);
      s.setString(2, info.id());
      s.setString(3, info.operation());
      s.setString(4, info.user());
      s.setString(5, info.host());
      s.setLong(6, info.pid());
      s.setString(7, info.created().toString());
      s.setString(8, info.command());
      s.executeUpdate();
    }
  }

  /**
   * Who holds the lock, for the refusal: the recorded holder whose backend is the session holding the advisory lock.
   * A run that has just taken the lock records itself right after, so this waits up to a second for that row;
   * a row of another session (a dead run's) is never named.
   */
  private Optional<LockInfo> holderOfSession(Connection c, long key) throws SQLException, StateException {
    long deadline = System.nanoTime() + HOLDER_GRACE.toNanos();
    while (true) {
      OptionalInt session = sessionHolding(c, key);
      Optional<Holder> recorded = holder(c);
      if (session.isPresent() && recorded.isPresent() && recorded.get().backendPid() == session.getAsInt()) {
        return Optional.of(recorded.get().info());
      }
      if (session.isEmpty() || System.nanoTime() > deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateException("interrupted while waiting for the state lock on " + where, e);
      }
    }
  }

  /** The recorded holder. Only advice for messages: it may be a dead run's row, see the class comment. */
  private Optional<Holder> holder(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT lock_id, operation, user_name, host, pid, created, "
        + "command, backend_pid FROM nixinfra_lock WHERE stack = ?")) {
      s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      s.setString(1, stack);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        try {
          LockInfo info = new LockInfo(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
              r.getLong(5), Instant.parse(r.getString(6)), r.getString(7));
          return Optional.of(new Holder(info, r.getInt(8)));
        } catch (DateTimeParseException e) { // edited by hand; the row is only advice
          return Optional.empty();
        }
      }
    }
  }

  /** The server process id of the session holding {@code key}, if any. */
  private static OptionalInt sessionHolding(Connection c, long key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = 'advisory' "
        + "AND classid = ? AND objid = ? AND objsubid = 1 AND granted")) {
      s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      s.setLong(1, key >>> 32);
      s.setLong(2, key & 0xffffffffL);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? OptionalInt.of(r.getInt(1)) : OptionalInt.empty();
      }
    }
  }

  private void terminate(Connection c, int backendPid) throws SQLException, StateException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      s.setInt(1, backendPid);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        if (!r.getBoolean(1)) {
          throw new StateException("cannot force-unlock " + where + ": the server did not end session "
              + backendPid + " that holds the lock");
        }
      }
    }
  }

  private void waitUntilFree(Connection c, long key) throws SQLException, StateException {
    long deadline = System.nanoTime() + TERMINATION_WAIT.toNanos();
    while (sessionHolding(c, key).isPresent()) {
      if (System.nanoTime() > deadline) {
        throw new StateException("cannot force-unlock " + where + ": the holding session was told to end but "
            + "still holds the lock after " + TERMINATION_WAIT.toSeconds() + " s; try again");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateException("interrupted while force-unlocking " + where, e);
      }
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // already failing with the more useful exception, or the lock was handed over
      }
    }
  }

  /** A recorded holder and its server session. */
  private record Holder(LockInfo info, int backendPid) {
  }
}
