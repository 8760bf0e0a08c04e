package dev.nixinfra.state.postgres;

import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.StateConflictException;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.core.state.StateStore;
import dev.nixinfra.core.state.StateVersion;
import dev.nixinfra.state.json.InvalidJsonException;
import dev.nixinfra.state.json.StateJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * State of one stack in a PostgreSQL database, for teams. Tables ({@link Schema}): {@code nixinfra_state} holds
 * one row per stack with the current snapshot (lineage, serial, the state file's JSON, when and by whom it was
 * written); {@code nixinfra_state_history} keeps every snapshot ever written. Writes are compare-and-set in a
 * transaction that locks the stack's row, so they are atomic between any number of machines. The run lock is an
 * advisory lock ({@link PgRunLock}). Every operation opens its own short connection, with timeouts
 * ({@link PgConnections}); the lock keeps one for the run.
 */
public final class PostgresStateStore implements StateStore {
  private final PgConnections connections;
  private final String stack;
  private final String where;
  private final String writer;
  private final PgRunLock runLock;
  private volatile boolean schemaReady;

  /** @param stack the stack's name: each stack has its own state, history and lock in the database */
  public PostgresStateStore(PgUrl url, String stack) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(stack, "stack");
    if (stack.isBlank()) {
      throw new IllegalArgumentException("stack must not be blank");
    }
    this.connections = new PgConnections(url);
    this.stack = stack;
    this.where = url.where() + " (stack " + stack + ")";
    LockInfo me = LockInfo.forThisProcess("write", "write");
    this.writer = me.user() + "@" + me.host();
    this.runLock = new PgRunLock(connections, stack, where);
  }

  /** {@code postgresql://host:port/db (stack NAME)}: no user, no password. */
  @Override
  public String describe() {
    return where;
  }

  public String stack() {
    return stack;
  }

  /**
   * Connects and brings nixinfra's tables up to date, so a wrong URL, a server that cannot be reached or a refused
   * login is reported before a command starts its work.
   */
  public void check() throws StateException {
    try (Connection c = open()) {
      c.isValid(PgConnections.CONNECT_SECONDS);
    } catch (SQLException e) {
      throw PgErrors.of(connections.url(), "cannot open the state at " + where, e);
    }
  }

  @Override
  public Optional<State> read() throws StateException {
    try (Connection c = open()) {
      return readCurrent(c, false).map(Current::state);
    } catch (SQLException e) {
      throw PgErrors.of(connections.url(), "cannot read the state at " + where, e);
    }
  }

  /**
   * Compare-and-set in one transaction: locks the stack's row ({@code SELECT … FOR UPDATE}), refuses unless
   * {@code next} continues it, then records {@code next} in the history and as the current snapshot.
   */
  @Override
  public void write(State next) throws StateException {
    Objects.requireNonNull(next, "next");
    String text = encode(next);
    try (Connection c = open()) {
      c.setAutoCommit(false);
      try {
        Optional<Current> current = readCurrent(c, true);
        if (current.isPresent()) {
          refuseUnlessNewer(current.get().state(), next);
        }
        Instant now = Instant.now();
        insertHistory(c, next, text, now, false);
        upsertCurrent(c, next, text, now);
        c.commit();
      } catch (SQLException | StateException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) { // two first writes at once: the other one's row came first
        throw new StateConflictException("refusing to write serial " + next.serial() + " to " + where
            + ": another run wrote it at the same moment. Run the command again to work from the current state");
      }
      throw PgErrors.of(connections.url(), "cannot write the state to " + where, e);
    }
  }

  /**
   * Copies a state kept elsewhere, with its history, into this database ({@code state migrate}), in one
   * transaction. Refuses, unless {@code force}, when the database holds a state of this stack with another lineage,
   * a newer serial, or the same serial with other content; copying the same state again changes nothing. History
   * snapshots the database already has are kept as they are.
   *
   * @param history the snapshots to copy, in any order; {@code current} is added when missing
   * @return how many history snapshots were added
   */
  public int adopt(State current, List<State> history, boolean force) throws StateException {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(history, "history");
    String text = encode(current);
    try (Connection c = open()) {
      c.setAutoCommit(false);
      try {
        Optional<Current> existing = readCurrent(c, true);
        if (existing.isPresent() && !force) {
          State there = existing.get().state();
          if (!there.lineage().equals(current.lineage())) {
            throw new StateConflictException(where + " already holds a state with lineage " + there.lineage()
                + " (serial " + there.serial() + "), not the lineage " + current.lineage() + " being copied");
          }
          if (there.serial() > current.serial()
              || there.serial() == current.serial() && !existing.get().json().equals(text)) {
            throw new StateConflictException(where + " already holds serial " + there.serial()
                + " of this state, " + (there.serial() > current.serial() ? "newer than" : "different from")
                + " the serial " + current.serial() + " being copied");
          }
        }
        Instant now = Instant.now();
        int added = 0;
        for (State s : history) {
          if (s.serial() != current.serial() || !s.lineage().equals(current.lineage())) {
            added += insertHistory(c, s, encode(s), now, true);
          }
        }
        added += insertHistory(c, current, text, now, true);
        upsertCurrent(c, current, text, now);
        c.commit();
        return added;
      } catch (SQLException | StateException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw PgErrors.of(connections.url(), "cannot copy the state into " + where, e);
    }
  }

  private void refuseUnlessNewer(State current, State next) throws StateConflictException {
    if (!current.lineage().equals(next.lineage())) {
      throw new StateConflictException("refusing to write to " + where + ": it holds the state with lineage "
          + current.lineage() + ", but the state being written has lineage " + next.lineage()
          + ", so they record different things. Check that state.url and the stack name are the right ones");
    }
    if (current.serial() >= next.serial()) {
      throw new StateConflictException("refusing to write serial " + next.serial() + " to " + where
          + ": it is already at serial " + current.serial() + ", so another run changed it after this one read it."
          + " Run the command again to work from the current state");
    }
  }

  /** Every snapshot of this stack, oldest first. */
  @Override
  public List<StateVersion> history() throws StateException {
    try (Connection c = open();
        PreparedStatement s = c.prepareStatement("SELECT lineage, serial, written_at, resource_count FROM "
            + "nixinfra_state_history WHERE stack = ? ORDER BY serial, written_at, lineage")) {
      s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      s.setString(1, stack);
      List<StateVersion> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new StateVersion(r.getString(1), r.getLong(2), r.getTimestamp(3).toInstant(), r.getInt(4)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw PgErrors.of(connections.url(), "cannot read the state history at " + where, e);
    }
  }

  @Override
  public Optional<State> readVersion(long serial) throws StateException {
    try (Connection c = open()) {
      Optional<String> lineage = readCurrent(c, false).map(cur -> cur.state().lineage());
      List<String[]> found = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT lineage, state FROM nixinfra_state_history WHERE stack = ? AND serial = ? ORDER BY lineage")) {
        s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
        s.setString(1, stack);
        s.setLong(2, serial);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            found.add(new String[] {r.getString(1), r.getString(2)});
          }
        }
      }
      for (String[] row : found) {
        if (lineage.isPresent() && row[0].equals(lineage.get())) {
          return Optional.of(decode(row[1], "serial " + serial + " in the history"));
        }
      }
      if (found.size() > 1) {
        throw new StateException("serial " + serial + " is kept at " + where + " for " + found.size()
            + " different lineages; pick one from the nixinfra_state_history table by hand");
      }
      return found.isEmpty() ? Optional.empty()
          : Optional.of(decode(found.get(0)[1], "serial " + serial + " in the history"));
    } catch (SQLException e) {
      throw PgErrors.of(connections.url(), "cannot read the state history at " + where, e);
    }
  }

  @Override
  public StateLock lock(LockInfo info, Duration timeout) throws StateException {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(timeout, "timeout");
    return runLock.acquire(info, timeout);
  }

  @Override
  public void forceUnlock(String lockId) throws StateException {
    Objects.requireNonNull(lockId, "lockId");
    runLock.forceUnlock(lockId);
  }

  /** A connection with nixinfra's tables in place; the schema is checked once per store. */
  private Connection open() throws SQLException {
    Connection c = connections.open();
    if (!schemaReady) {
      try {
        Schema.ensure(c);
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
      schemaReady = true;
    }
    return c;
  }

  private Optional<Current> readCurrent(Connection c, boolean forUpdate) throws SQLException, StateException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT state FROM nixinfra_state WHERE stack = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
      s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      s.setString(1, stack);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        String json = r.getString(1);
        return Optional.of(new Current(decode(json, "the current state"), json));
      }
    }
  }

  /** @return 1 when added, 0 when {@code ifMissing} and the snapshot was there already */
  private int insertHistory(Connection c, State s, String text, Instant now, boolean ifMissing) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO nixinfra_state_history (stack, lineage, serial, "
        + "state, resource_count, written_at, written_by) VALUES (?, ?, ?, ?::json, ?, ?, ?)"
        + (ifMissing ? " ON CONFLICT (stack, lineage, serial) DO NOTHING" : ""))) {
      p.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      p.setString(1, stack);
      p.setString(2, s.lineage());
      p.setLong(3, s.serial());
      p.setString(4, text);
      p.setInt(5, s.resources().size());
      p.setTimestamp(6, Timestamp.from(now));
      p.setString(7, writer);
      return p.executeUpdate();
    }
  }

  private void upsertCurrent(Connection c, State s, String text, Instant now) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO nixinfra_state (stack, lineage, serial, state, "
        + "written_at, written_by) VALUES (?, ?, ?, ?::json, ?, ?) ON CONFLICT (stack) DO UPDATE SET "
        + "lineage = excluded.lineage, serial = excluded.serial, state = excluded.state, "
        + "written_at = excluded.written_at, written_by = excluded.written_by")) {
      p.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      p.setString(1, stack);
      p.setString(2, s.lineage());
      p.setLong(3, s.serial());
      p.setString(4, text);
      p.setTimestamp(5, Timestamp.from(now));
      p.setString(6, writer);
      p.executeUpdate();
    }
  }

  private String encode(State s) throws StateException {
    try {
      return StateJson.write(s);
    } catch (IllegalArgumentException e) {
      throw new StateException("cannot save the state to " + where + ": " + e.getMessage());
    }
  }

  private State decode(String json, String what) throws StateException {
    try {
      return StateJson.parse(json);
    } catch (InvalidJsonException e) {
      throw new StateException(what + " of " + where + " is not valid: " + e.getMessage() + ". Restore a previous "
          + "version from the nixinfra_state_history table, or fix it by hand");
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // the connection is failing; the server rolls the transaction back when it ends
    }
  }

  /** The current snapshot and its text as stored. */
  private record Current(State state, String json) {
  }
}
