package dev.nixinfra.providers.hcloud.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.providers.hcloud.fake.TestClient.Res;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injected faults: failures without effect, delays after the effect, dropped connections; request counting. */
class FakeHcloudFaultsTest {
  FakeHcloud fake;
  TestClient api;

  @BeforeEach
  void start() {
    fake = FakeHcloud.start(Options.builder().latency(Duration.ofMillis(5)).build());
    api = new TestClient(fake);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void failNextAnswersTheGivenErrorWithoutEffect() {
    fake.failNext("POST", "/servers", 2, 502, "bad_gateway");
    String body = FakeHcloudTest.createBody("a", "cx22", "nbg1", "ubuntu-24.04");
    Res first = api.post("/servers", body);
    assertEquals(502, first.status());
    assertEquals("bad_gateway", first.json().at("/error/code").asText());
    assertEquals(502, api.post("/servers", body).status());
    assertEquals(0, fake.servers().size());
    assertEquals(200, api.get("/servers").status(), "a GET does not match a POST rule");
    assertEquals(201, api.post("/servers", body).status());
    assertEquals(1, fake.servers().size());
    assertEquals(3, fake.countExact("POST", "/servers"));

    fake.failNext("*", "/v1/ssh_keys", 1, 409, "conflict");
    assertEquals("conflict", api.get("/ssh_keys").json().at("/error/code").asText());
    assertEquals(200, api.get("/ssh_keys").status());
  }

  @Test
  void aDelayedCreateTakesEffectAlthoughTheClientTimesOut() throws Exception {
    fake.delayNext("POST", "/servers", Duration.ofMillis(800));
    String body = FakeHcloudTest.createBody("slow", "cx22", "nbg1", "ubuntu-24.04");
    assertThrows(HttpTimeoutException.class,
        () -> api.sendOrThrow("POST", "/servers", body, Duration.ofMillis(200)));
    assertEquals(1, fake.servers().size(), "the server exists although the client saw no answer");
    assertEquals("slow", fake.servers().get(0).name());
    Res lookup = api.get("/servers?name=slow");
    assertEquals(1, lookup.json().get("servers").size());
    assertEquals(1, fake.countExact("POST", "/servers"));
    assertEquals(1, fake.count("GET", "/servers"));
  }

  @Test
  void droppedConnectionsFailTheClientBeforeOrAfterTheEffect() {
    fake.dropNext("POST", "/servers", false);
    String body = FakeHcloudTest.createBody("a", "cx22", "nbg1", "ubuntu-24.04");
    assertThrows(IOException.class, () -> api.sendOrThrow("POST", "/servers", body, Duration.ofSeconds(5)));
    assertEquals(0, fake.servers().size());
    fake.dropNext("POST", "/servers", true);
    assertThrows(IOException.class, () -> api.sendOrThrow("POST", "/servers", body, Duration.ofSeconds(5)));
    assertEquals(1, fake.servers().size());
    assertEquals(201, api.post("/servers", FakeHcloudTest.createBody("b", "cx22", "nbg1", "ubuntu-24.04"))
        .status());
  }

  @Test
  void randomFaultsHitTheGivenShareOfRequestsAndAreCounted() {
    fake.injectRandomly(0.2, 7, java.util.List.of(RandomFault.RATE_LIMITED, RandomFault.UNAVAILABLE));
    int failed = 0;
    for (int i = 0; i < 200; i++) {
      Res r = api.get("/servers");
      if (r.status() == 429) {
        assertEquals("0", r.header("RateLimit-Remaining"), "an injected 429 says the budget is used up");
      }
      failed += r.status() == 200 ? 0 : 1;
    }
    assertTrue(failed > 20 && failed < 60, "about 20 % of 200: " + failed);
    java.util.Map<RandomFault, Long> injected = fake.injectedFaults();
    assertEquals(failed, injected.values().stream().mapToLong(Long::longValue).sum(), injected.toString());
    assertEquals(2, injected.size(), injected.toString());
    fake.clearFaults();
    for (int i = 0; i < 20; i++) {
      assertEquals(200, api.get("/servers").status(), "cleared");
    }
  }

  @Test
  void createsAreCountedByName() {
    String body = FakeHcloudTest.createBody("a", "cx22", "nbg1", "ubuntu-24.04");
    fake.failNext("POST", "/servers", 1, 503, "unavailable");
    assertEquals(503, api.post("/servers", body).status());
    assertEquals(201, api.post("/servers", body).status());
    assertEquals(409, api.post("/servers", body).status());
    assertEquals(java.util.Map.of("a", 2L), fake.createRequestsByName(), "the faulted request never got there");
    assertEquals(java.util.List.of("a"), fake.createdServerNames());
  }

  @Test
  void requestsAreLoggedAndCounted() {
    long id = fake.putServer("a", "cx22", "nbg1", "ubuntu-24.04", java.util.Map.of()).id();
    api.get("/servers?name=a");
    api.get("/servers/" + id);
    api.post("/servers/" + id + "/actions/poweroff", "{}");
    new TestClient(fake.endpoint(), "wrong").get("/servers");
    assertEquals(4, fake.requests().size());
    assertEquals(new RecordedRequest("GET", "/servers", "name=a"), fake.requests().get(0));
    assertEquals(3, fake.count("GET", "/servers"));
    assertEquals(2, fake.countExact("GET", "/servers"));
    assertEquals(1, fake.count("POST", "/servers"));
    assertEquals(0, fake.countExact("POST", "/servers"));
    assertEquals(4, fake.count("*", "/"));
    fake.resetCounts();
    assertTrue(fake.requests().isEmpty());
    fake.failNext("GET", "/servers", 1, 504, "timeout");
    fake.clearFaults();
    assertEquals(200, api.get("/servers").status());
  }
}
