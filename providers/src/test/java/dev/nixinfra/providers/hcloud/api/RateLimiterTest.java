package dev.nixinfra.providers.hcloud.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  private RateLimiter limiter(double random) {
    return new RateLimiter(clock, Duration.ofSeconds(60), () -> random);
  }

  private static String in(long seconds) {
    return Long.toString(NOW.getEpochSecond() + seconds);
  }

  @Test
  void noWaitWithoutHeaders() {
    assertEquals(Duration.ZERO, limiter(0).reserve());
  }

  @Test
  void noWaitWhileTheBudgetIsAboveFivePercent() {
    RateLimiter l = limiter(0);
    l.update("3600", "180", in(3000));
    assertEquals(Duration.ZERO, l.reserve());
    assertEquals(Duration.ZERO, l.reserve());
  }

  @Test
  void belowTheWatermarkRequestsAreSpacedSoTheBudgetLastsUntilTheReset() {
    RateLimiter l = limiter(0);
    l.update("3600", "100", in(200));
    // 200 s for 100 requests: one every 2 s; consecutive requests get consecutive slots.
    assertEquals(Duration.ZERO, l.reserve());
    assertEquals(Duration.ofSeconds(2), l.reserve());
    assertEquals(Duration.ofSeconds(4), l.reserve());
  }

  @Test
  void spacingIsCapped() {
    RateLimiter l = new RateLimiter(clock, Duration.ofSeconds(3), () -> 0);
    l.update("3600", "1", in(3600));
    assertEquals(Duration.ZERO, l.reserve());
    assertEquals(Duration.ofSeconds(3), l.reserve());
    assertEquals(Duration.ofSeconds(3), l.reserve());
  }

  @Test
  void aResetInThePastMeansNoPacing() {
    RateLimiter l = limiter(0);
    l.update("3600", "0", in(-5));
    assertEquals(Duration.ZERO, l.reserve());
  }

  @Test
  void malformedHeadersAreIgnored() {
    RateLimiter l = limiter(0);
    l.update("3600", "10", in(100));
    l.update("lots", null, "soon");
    assertEquals(Duration.ZERO, l.reserve());
    assertEquals(Duration.ofSeconds(10), l.reserve());
  }

  @Test
  void after429TheWaitIsUntilTheResetPlusUpToTenPercentJitter() {
    RateLimiter exact = limiter(0);
    exact.update("3600", "0", in(20));
    assertEquals(Duration.ofSeconds(20), exact.afterRateLimited(Duration.ofSeconds(1)));
    RateLimiter jittered = limiter(0.5);
    jittered.update("3600", "0", in(20));
    assertEquals(Duration.ofSeconds(21), jittered.afterRateLimited(Duration.ofSeconds(1)));
  }

  @Test
  void after429TheWaitIsBounded() {
    RateLimiter l = limiter(0.999);
    l.update("3600", "0", in(3600));
    assertEquals(Duration.ofSeconds(60), l.afterRateLimited(Duration.ofSeconds(1)));
  }

  @Test
  void after429WithoutAResetTheFallbackBackoffIsUsed() {
    RateLimiter l = limiter(0);
    assertEquals(Duration.ofMillis(700), l.afterRateLimited(Duration.ofMillis(700)));
  }
}
