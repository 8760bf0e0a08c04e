package dev.nixinfra.core.state;

import java.time.Instant;
import java.util.Objects;

/**
 * Who holds a lock, for the message another run shows.
 *
 * @param id a random id; {@code force-unlock} takes it
 * @param operation the command that took it, such as {@code apply}
 */
public record LockInfo(
    String id, String operation, String user, String host, long pid, Instant created, String command) {
  public LockInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(command, "command");
  }

  /** A lock for the current process. */
  public static LockInfo forThisProcess(String operation, String command) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "unknown-host");
    }
    return new LockInfo(
        java.util.UUID.randomUUID().toString(), operation, System.getProperty("user.name", "unknown"), host,
        ProcessHandle.current().pid(), Instant.now(), command);
  }

  /** One line for messages: {@code apply by alice@laptop (pid 4242) since 2026-11-22T08:00:00Z}. */
  public String describe() {
    return operation + " by " + user + "@" + host + " (pid " + pid + ") since " + created + ", lock id " + id;
  }
}
