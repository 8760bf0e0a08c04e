package dev.nixinfra.state.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.postgresql.Driver;

/**
 * Opens connections to the state database with bounded waits everywhere: connecting and logging in give up after
 * {@link #CONNECT_SECONDS}, a read waits at most {@link #SOCKET_SECONDS} for the server, each statement is cancelled
 * by the server after {@link #STATEMENT_SECONDS} ({@code statement_timeout}), a row lock is waited for at most
 * {@link #LOCK_WAIT_SECONDS} ({@code lock_timeout}), and a transaction left idle is ended by the server.
 *
 * <p>The driver is called directly, not through {@code DriverManager}, so the shaded jar needs no service file.
 */
final class PgConnections {
  static final int CONNECT_SECONDS = 10;
  static final int SOCKET_SECONDS = 60;
  static final int STATEMENT_SECONDS = 30;
  static final int LOCK_WAIT_SECONDS = 15;

  private final PgUrl url;

  PgConnections(PgUrl url) {
    this.url = Objects.requireNonNull(url, "url");
  }

  PgUrl url() {
    return url;
  }

  /** A new connection in autocommit mode, with the session's timeouts set. */
  Connection open() throws SQLException {
    Connection c = new Driver().connect(url.jdbcUrl(), url.driverProperties(CONNECT_SECONDS, SOCKET_SECONDS));
    if (c == null) { // only when the driver does not accept the URL, which PgUrl always makes in its form
      throw new SQLException("the driver refused the URL for " + url.where(), "08001");
    }
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(STATEMENT_SECONDS);
      s.execute("SET statement_timeout = '" + STATEMENT_SECONDS + "s'; SET lock_timeout = '" + LOCK_WAIT_SECONDS
          + "s'; SET idle_in_transaction_session_timeout = '" + SOCKET_SECONDS + "s'");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
