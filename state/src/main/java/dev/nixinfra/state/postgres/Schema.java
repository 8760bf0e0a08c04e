package dev.nixinfra.state.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * nixinfra's tables, created on first use and versioned for later changes: {@code nixinfra_schema_version} records
 * each step of {@link #STEPS} applied, and a database is brought up to date by applying the missing ones in order.
 * All of it runs in one transaction under a transaction-level advisory lock, so two runs that both find a new
 * database do not race: the second waits, then finds the steps applied. Steps are only ever appended.
 */
final class Schema {
  /** The advisory lock key of schema changes ("nixinfra" in ASCII, with a 0 at the end). */
  static final long MIGRATION_LOCK_KEY = 0x6e6978696e667200L;

  /** Step {@code i} brings the schema to version {@code i + 1}. */
  static final List<String> STEPS = List.of(
      // 1: the current state of each stack, every snapshot ever written, the lock holders, the lock keys.
      """
      CREATE TABLE nixinfra_state (
        stack text PRIMARY KEY,
        lineage text NOT NULL,
        serial bigint NOT NULL,
        state json NOT NULL,
        written_at timestamptz NOT NULL,
        written_by text NOT NULL
      );
      CREATE TABLE nixinfra_state_history (
        stack text NOT NULL,
        lineage text NOT NULL,
        serial bigint NOT NULL,
        state json NOT NULL,
        resource_count integer NOT NULL,
        written_at timestamptz NOT NULL,
        written_by text NOT NULL,
        PRIMARY KEY (stack, lineage, serial)
      );
      CREATE TABLE nixinfra_lock_key (
        stack text PRIMARY KEY,
        key integer GENERATED ALWAYS AS IDENTITY UNIQUE
      );
      CREATE TABLE nixinfra_lock (
        stack text PRIMARY KEY,
        lock_id text NOT NULL,
        operation text NOT NULL,
        user_name text NOT NULL,
        host text NOT NULL,
        pid bigint NOT NULL,
        created text NOT NULL, -- ISO-8601 as the holder has it, nanoseconds and all
        command text NOT NULL,
        backend_pid integer NOT NULL
      )
      """);

  private Schema() {
  }

  /** The version this build writes: the number of steps. */
  static int latest() {
    return STEPS.size();
  }

  /**
   * Applies the missing steps. {@code c} must be in autocommit mode; it is again afterwards.
   *
   * @throws SQLException also when the database's schema is newer than this build knows (SQL state 0A000)
   */
  static void ensure(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(PgConnections.STATEMENT_SECONDS);
      s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK_KEY + ")");
      s.execute("CREATE TABLE IF NOT EXISTS nixinfra_schema_version ("
          + "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
      int current;
      try (ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM nixinfra_schema_version")) {
        r.next();
        current = r.getInt(1);
      }
      if (current > latest()) {
        throw new SQLException("the database's nixinfra tables are at schema version " + current
            + ", newer than this nixinfra knows (" + latest() + "). Upgrade nixinfra", "0A000");
      }
      for (int v = current + 1; v <= latest(); v++) {
        s.execute(STEPS.get(v - 1));
        s.execute("INSERT INTO nixinfra_schema_version (version) VALUES (" + v + ")");
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is failing; the server rolls back when the session ends
      }
      throw e;
    }
    c.setAutoCommit(true);
  }
}
