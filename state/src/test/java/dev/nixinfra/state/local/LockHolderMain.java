package dev.nixinfra.state.local;

import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.StateLock;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM by {@link LockingTest}: takes the state lock, prints {@code LOCKED <lock id>}, holds it for
 * the given milliseconds, releases it and prints {@code RELEASED}.
 *
 * <p>Arguments: state file, milliseconds to hold.
 */
public final class LockHolderMain {
  private LockHolderMain() {
  }

  public static void main(String[] args) throws Exception {
    LocalStateStore store = new LocalStateStore(Path.of(args[0]));
    try (StateLock lock = store.lock(LockInfo.forThisProcess("apply", "nixinfra apply"), Duration.ZERO)) {
      System.out.println("LOCKED " + lock.info().id());
      System.out.flush();
      Thread.sleep(Long.parseLong(args[1]));
    }
    System.out.println("RELEASED");
    System.out.flush();
  }
}
