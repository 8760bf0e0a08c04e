package dev.nixinfra.providers.hcloud.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * Keeps within the project's rate limit (3600 requests per hour by default, refilled continuously), from the
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} headers of the last response.
 *
 * <p>While the budget is comfortable requests go out at once. Below the low watermark (5 % of the limit) requests
 * are spaced so that what remains lasts until the reset, instead of running into 429s. After a 429 the wait is
 * until the reset, bounded and jittered. Every wait is at most {@code waitCap}. Safe for concurrent use: the
 * spacing hands out consecutive slots, one per request.
 *
 * <p>This class only computes waits; the caller sleeps, which keeps it testable with a fixed clock.
 */
final class RateLimiter {
  /** Below this share of the limit, requests are paced. */
  static final double LOW_WATERMARK = 0.05;

  private final Clock clock;
  private final Duration waitCap;
  private final DoubleSupplier random;

  private long limit = -1;
  private long remaining = -1;
  private Instant reset = Instant.EPOCH;
  /** The earliest moment the next paced request may go out. */
  private Instant nextSlot = Instant.EPOCH;

  RateLimiter(Clock clock, Duration waitCap, DoubleSupplier random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.waitCap = Objects.requireNonNull(waitCap, "waitCap");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Records the headers of a response; a header that is missing or not a number leaves the old value. */
  synchronized void update(String limitHeader, String remainingHeader, String resetHeader) {
    OptionalLong l = parse(limitHeader);
    OptionalLong r = parse(remainingHeader);
    OptionalLong t = parse(resetHeader);
    if (l.isPresent()) {
      limit = l.getAsLong();
    }
    if (r.isPresent()) {
      remaining = r.getAsLong();
    }
    if (t.isPresent()) {
      reset = Instant.ofEpochSecond(t.getAsLong());
    }
  }

  /**
   * How long to wait before sending the next request, and reserves that slot. Zero while the budget is above
   * the watermark or the headers are unknown.
   */
  synchronized Duration reserve() {
    Instant now = clock.instant();
    if (limit <= 0 || remaining < 0 || remaining >= Math.ceil(limit * LOW_WATERMARK)) {
      nextSlot = now;
      return Duration.ZERO;
    }
    Duration untilReset = Duration.between(now, reset);
    if (untilReset.isNegative() || untilReset.isZero()) {
      nextSlot = now;
      return Duration.ZERO;
    }
    // Spread what is left evenly over the time until the budget is full again.
    Duration spacing = min(untilReset.dividedBy(Math.max(1, remaining)), waitCap);
    Instant slot = nextSlot.isAfter(now) ? nextSlot : now;
    nextSlot = slot.plus(spacing);
    return min(Duration.between(now, slot), waitCap);
  }

  /**
   * How long to wait after a 429 before retrying: until the reset, at most the cap, plus up to 10 % jitter so
   * that parallel callers do not return at the same instant. Without a usable reset time, {@code fallback}.
   */
  synchronized Duration afterRateLimited(Duration fallback) {
    Duration untilReset = Duration.between(clock.instant(), reset);
    Duration base = untilReset.isNegative() || untilReset.isZero() ? fallback : min(untilReset, waitCap);
    long jitter = (long) (base.toNanos() * 0.1 * Math.min(1.0, Math.max(0.0, random.getAsDouble())));
    return min(base.plusNanos(jitter), waitCap);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static OptionalLong parse(String header) {
    if (header == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
