package dev.nixinfra.providers.hcloud.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void pollingDoublesFromHalfASecondToTenSeconds() {
    Duration initial = Duration.ofMillis(500);
    Duration max = Duration.ofSeconds(10);
    assertEquals(Duration.ofMillis(500), Backoff.exponential(initial, max, 0));
    assertEquals(Duration.ofSeconds(1), Backoff.exponential(initial, max, 1));
    assertEquals(Duration.ofSeconds(2), Backoff.exponential(initial, max, 2));
    assertEquals(Duration.ofSeconds(8), Backoff.exponential(initial, max, 4));
    assertEquals(Duration.ofSeconds(10), Backoff.exponential(initial, max, 5));
    assertEquals(Duration.ofSeconds(10), Backoff.exponential(initial, max, 63));
    assertEquals(Duration.ofSeconds(10), Backoff.exponential(initial, max, Integer.MAX_VALUE));
  }

  @Test
  void retriesUseFullJitterUpToTheDoubledStep() {
    Backoff top = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999999);
    Backoff half = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5);
    Backoff none = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
    assertEquals(Duration.ofMillis(500), half.jittered(0));
    assertEquals(Duration.ofSeconds(4), half.jittered(3));
    assertEquals(Duration.ofSeconds(30), half.jittered(10));
    assertEquals(Duration.ZERO, none.jittered(4));
    assertEquals(16, top.jittered(4).toSeconds() + 1);
  }

  @Test
  void aRandomSourceOutOfRangeIsClamped() {
    Backoff broken = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 7.0);
    assertEquals(Duration.ofSeconds(2), broken.jittered(1));
  }

  @Test
  void negativeStepsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(2), -1));
  }
}
