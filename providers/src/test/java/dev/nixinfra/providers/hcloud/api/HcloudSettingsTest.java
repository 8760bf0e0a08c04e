package dev.nixinfra.providers.hcloud.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HcloudSettingsTest {
  private static final String TOKEN = "s3cr3t-T0KEN-value";

  @Test
  void defaultsFollowTheOfficialClients() {
    HcloudSettings s = HcloudSettings.of(TOKEN);
    assertEquals(URI.create("https://api.hetzner.cloud/v1"), s.endpoint());
    assertEquals(Duration.ofMillis(500), s.pollInitial());
    assertEquals(Duration.ofSeconds(10), s.pollMax());
    assertEquals(5, s.maxRetries());
    assertEquals(Duration.ofMinutes(2), s.shutdownDeadline());
  }

  @Test
  void toStringNeverShowsTheToken() {
    String shown = HcloudSettings.of(TOKEN).withEndpoint(URI.create("http://127.0.0.1:1/v1")).toString();
    assertFalse(shown.contains(TOKEN), shown);
    assertTrue(shown.contains("token=***"), shown);
    assertTrue(shown.contains("http://127.0.0.1:1/v1"), shown);
  }

  @Test
  void withersChangeOnlyTheirPart() {
    HcloudSettings s = HcloudSettings.of(TOKEN).withPolling(Duration.ofMillis(5), Duration.ofMillis(20))
        .withRetries(2, Duration.ofMillis(1), Duration.ofMillis(4));
    assertEquals(Duration.ofMillis(5), s.pollInitial());
    assertEquals(Duration.ofMillis(20), s.pollMax());
    assertEquals(2, s.maxRetries());
    assertEquals(TOKEN, s.token());
    assertEquals(HcloudSettings.DEFAULT_ENDPOINT, s.endpoint());
  }

  @Test
  void invalidSettingsAreRefusedWithoutShowingTheToken() {
    assertThrows(IllegalArgumentException.class, () -> HcloudSettings.of(" "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HcloudSettings.of(TOKEN + "\nX-Evil: 1"));
    assertFalse(e.getMessage().contains(TOKEN));
    assertThrows(IllegalArgumentException.class,
        () -> HcloudSettings.of(TOKEN).withEndpoint(URI.create("ftp://example.com/v1")));
    assertThrows(IllegalArgumentException.class,
        () -> HcloudSettings.of(TOKEN).withPolling(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class,
        () -> HcloudSettings.of(TOKEN).withPolling(Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class,
        () -> HcloudSettings.of(TOKEN).withRetries(-1, Duration.ofSeconds(1), Duration.ofSeconds(2)));
  }
}
