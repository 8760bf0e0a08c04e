package dev.nixinfra.state.postgres;

import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.StateLock;
import java.time.Duration;
import java.util.Map;

/**
 * Run in a child JVM by {@link PostgresLockingTest}: takes the state lock, prints {@code LOCKED <lock id>}, holds
 * it for the given milliseconds, releases it and prints {@code RELEASED}.
 *
 * <p>Arguments: JDBC URL, stack, milliseconds to hold.
 */
public final class PgLockHolderMain {
  private PgLockHolderMain() {
  }

  public static void main(String[] args) throws Exception {
    PostgresStateStore store = new PostgresStateStore(PgUrl.parse(args[0], Map.of()), args[1]);
    try (StateLock lock = store.lock(LockInfo.forThisProcess("apply", "nixinfra apply"), Duration.ZERO)) {
      System.out.println("LOCKED " + lock.info().id());
      System.out.flush();
      Thread.sleep(Long.parseLong(args[2]));
    }
    System.out.println("RELEASED");
    System.out.flush();
  }
}
