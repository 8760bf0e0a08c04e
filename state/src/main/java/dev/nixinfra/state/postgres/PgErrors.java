package dev.nixinfra.state.postgres;

import dev.nixinfra.core.state.StateException;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Turns driver failures into messages for the user: what failed, on which {@code host:port}, and how to fix it.
 * The password never reaches a message: driver text is passed through {@link PgUrl#redact}, and the driver's
 * exception is kept as the cause only when no message in its chain quotes the password.
 */
final class PgErrors {
  private PgErrors() {
  }

  /** @param doing what was being done, such as {@code "cannot read the state"} */
  static StateException of(PgUrl url, String doing, SQLException e) {
    String state = Objects.requireNonNullElse(e.getSQLState(), "");
    String driver = url.redact(Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
    String where = url.hostPorts();
    String message;
    if (state.startsWith("08")) {
      message = doing + ": cannot reach the PostgreSQL server at " + where + " (" + driver + "). Check that the "
          + "server runs and accepts connections there, and that state.url (or NIXINFRA_PG_URL) names it";
    } else if (state.equals("28P01") || state.equals("28000")) {
      message = doing + ": the PostgreSQL server at " + where + " refused the login of user " + url.user()
          + " (" + driver + "). Check the user and password in state.url, or set PGPASSWORD";
    } else if (state.equals("3D000")) {
      message = doing + ": the PostgreSQL server at " + where + " has no database " + url.database()
          + ". Create it (createdb " + url.database() + ") or fix the database name in state.url";
    } else if (state.equals("57014")) {
      message = doing + ": the PostgreSQL server at " + where + " did not answer in time (" + driver + "). "
          + "Try again; if it persists, check the server's load";
    } else if (state.equals("42501")) {
      message = doing + ": user " + url.user() + " lacks a privilege on " + url.where() + " (" + driver
          + "). nixinfra needs to create and write its nixinfra_* tables there";
    } else {
      message = doing + " at " + url.where() + ": " + driver + (state.isEmpty() ? "" : " (SQL state " + state + ")");
    }
    return mentionsPassword(url, e) ? new StateException(message) : new StateException(message, e);
  }

  private static boolean mentionsPassword(PgUrl url, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !url.redact(m).equals(m)) {
        return true;
      }
      if (t instanceof SQLException s && s.getNextException() != null && mentionsPassword(url, s.getNextException())) {
        return true;
      }
    }
    return false;
  }
}
