package dev.nixinfra.state.postgres;

import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A held PostgreSQL run lock: a session-level advisory lock on one dedicated connection, kept open for the whole
 * run, plus the holder's row in {@code nixinfra_lock}, which exists only for messages. The server drops the
 * advisory lock when the session ends for any reason, so a killed run's lock goes with its connection.
 */
final class PgLock implements StateLock {
  private final LockInfo info;
  private final Connection connection;
  private final PgUrl url;
  private final String stack;
  private final long key;
  private final Runnable onRelease;
  private final AtomicBoolean closed = new AtomicBoolean();

  PgLock(LockInfo info, Connection connection, PgUrl url, String stack, long key, Runnable onRelease) {
    this.info = Objects.requireNonNull(info, "info");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.url = Objects.requireNonNull(url, "url");
    this.stack = Objects.requireNonNull(stack, "stack");
    this.key = key;
    this.onRelease = Objects.requireNonNull(onRelease, "onRelease");
  }

  @Override
  public LockInfo info() {
    return info;
  }

  /**
   * Removes this holder's row (only its own: the id is in the condition), then releases the lock and closes the
   * connection. When the session is already gone, for example ended by {@code force-unlock}, the lock went with
   * it and there is nothing left to release. Closing again does nothing.
   */
  @Override
  public void close() throws StateException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try (connection) {
      try (PreparedStatement s = connection.prepareStatement(
          "DELETE FROM nixinfra_lock WHERE stack = ? AND lock_id = ?")) {
        s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
        s.setString(1, stack);
        s.setString(2, info.id());
        s.executeUpdate();
      }
      try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
        s.setLong(1, key);
        s.execute();
      }
    } catch (SQLException e) {
      if (!sessionGone(e)) {
        throw PgErrors.of(url, "the state lock was released, but its holder row could not be removed", e);
      }
    } finally {
      onRelease.run();
    }
  }

  /** Connection failures (08…) and a terminated session (57P01): the server has dropped the lock already. */
  private boolean sessionGone(SQLException e) {
    String state = Objects.requireNonNullElse(e.getSQLState(), "");
    boolean closedConnection;
    try {
      closedConnection = connection.isClosed();
    } catch (SQLException ignored) {
      closedConnection = true;
    }
    return closedConnection || state.startsWith("08") || state.equals("57P01");
  }
}
