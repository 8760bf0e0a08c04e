package dev.nixinfra.providers.hcloud.fake;

/**
 * The project's request budget, like Hetzner's: {@code limit} requests per hour, refilled gradually at
 * {@code limit/3600} per second up to the limit. Each authenticated request takes one; with none left it is refused
 * with 429 {@code rate_limit_exceeded}. Thread-safe.
 */
final class RateBudget {
  /** The three headers' values: {@code RateLimit-Limit}, {@code -Remaining}, {@code -Reset} (unix seconds). */
  record Headers(int limit, int remaining, long reset) {}

  private final int limit;
  private final double perNano;
  private double remaining;
  private long last = System.nanoTime();

  RateBudget(int limit) {
    this.limit = limit;
    this.remaining = limit;
    this.perNano = limit / 3600e9;
  }

  /** Takes one request from the budget; false when it is used up. */
  synchronized boolean take() {
    refill();
    if (remaining < 1) {
      return false;
    }
    remaining -= 1;
    return true;
  }

  synchronized void set(int remaining) {
    refill();
    this.remaining = Math.max(0, Math.min(limit, remaining));
  }

  synchronized Headers headers() {
    refill();
    long secondsToFull = (long) Math.ceil((limit - remaining) / (perNano * 1e9));
    return new Headers(limit, (int) Math.floor(remaining), System.currentTimeMillis() / 1000 + secondsToFull);
  }

  private void refill() {
    long now = System.nanoTime();
    remaining = Math.min(limit, remaining + (now - last) * perNano);
    last = now;
  }
}
