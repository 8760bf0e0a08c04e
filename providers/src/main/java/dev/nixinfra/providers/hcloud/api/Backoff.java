package dev.nixinfra.providers.hcloud.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Wait times that double: plain for polling (0.5 s, 1 s, 2 s, ... up to the cap) and with full jitter for
 * retries (a uniform random wait between 0 and the doubled step), as hcloud-go and hcloud-python do, so that
 * clients that failed together do not retry together.
 */
final class Backoff {
  private final Duration base;
  private final Duration cap;
  private final DoubleSupplier random;

  /** @param random numbers in {@code [0, 1)}; tests pass a fixed one */
  Backoff(Duration base, Duration cap, DoubleSupplier random) {
    this.base = Objects.requireNonNull(base, "base");
    this.cap = Objects.requireNonNull(cap, "cap");
    this.random = Objects.requireNonNull(random, "random");
  }

  Backoff(Duration base, Duration cap) {
    this(base, cap, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** {@code base * 2^step}, at most the cap; step 0 is the first wait. */
  Duration step(int step) {
    return exponential(base, cap, step);
  }

  /** A random wait in {@code [0, step(retry)]} before retry number {@code retry} (counted from 0). */
  Duration jittered(int retry) {
    long ceiling = step(retry).toNanos();
    return Duration.ofNanos((long) (ceiling * Math.min(1.0, Math.max(0.0, random.getAsDouble()))));
  }

  static Duration exponential(Duration base, Duration cap, int step) {
    if (step < 0) {
      throw new IllegalArgumentException("step " + step);
    }
    // Past 2^30 the doubling has long exceeded any sane cap; stop before the multiplication overflows.
    if (step >= 30) {
      return cap;
    }
    long nanos = base.toNanos();
    long factor = 1L << step;
    if (nanos > cap.toNanos() / factor) {
      return cap;
    }
    return Duration.ofNanos(nanos * factor);
  }
}
