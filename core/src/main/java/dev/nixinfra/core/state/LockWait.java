package dev.nixinfra.core.state;

import java.time.Duration;
import java.util.Optional;

/**
 * How every state backend waits for its run lock: try, and while another run holds it try again with waits from
 * 100 ms doubling up to 2 s until the timeout has passed; then refuse, naming the holder. A timeout of zero tries
 * once.
 */
public final class LockWait {
  private static final long FIRST_WAIT_MILLIS = 100;
  private static final long LONGEST_WAIT_MILLIS = 2000;

  /**
   * One try to take the lock.
   *
   * @param <E> what the backend's own calls throw, such as {@code SQLException}
   */
  @FunctionalInterface
  public interface Attempt<T, E extends Exception> {
    /** The lock, or empty while another run holds it. */
    Optional<T> tryOnce() throws E, StateException;
  }

  /** The holder of the lock, asked once the time is up. */
  @FunctionalInterface
  public interface Holder<E extends Exception> {
    Optional<LockInfo> find() throws E, StateException;
  }

  private LockWait() {}

  /**
   * Takes the lock with {@code attempt}, waiting as described above.
   *
   * @param where the state's description, for messages
   * @throws LockedException naming what {@code holder} finds, once {@code timeout} has passed
   */
  public static <T, E extends Exception> T until(Duration timeout, String where, Attempt<T, E> attempt,
      Holder<E> holder) throws E, StateException {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    long waitMillis = FIRST_WAIT_MILLIS;
    while (true) {
      Optional<T> taken = attempt.tryOnce();
      if (taken.isPresent()) {
        return taken.get();
      }
      long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
      if (remainingMillis <= 0) {
        throw new LockedException(where, holder.find());
      }
      try {
        Thread.sleep(Math.min(waitMillis, remainingMillis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateException("interrupted while waiting for the state lock on " + where, e);
      }
      waitMillis = Math.min(waitMillis * 2, LONGEST_WAIT_MILLIS);
    }
  }
}
