package dev.nixinfra.providers.hcloud.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which failures are retried, how often, and what the user reads when a call fails. */
class RetriesIT extends HcloudWireMock {
  /** GET /servers/42, built afresh each time: WireMock's builders are mutable. */
  private static MappingBuilder getServer42() {
    return get(urlPathEqualTo("/v1/servers/42"));
  }

  /** Answers the given responses in order, then keeps giving the last. */
  private static void sequence(java.util.function.Supplier<MappingBuilder> request,
      ResponseDefinitionBuilder... responses) {
    for (int i = 0; i < responses.length; i++) {
      String state = i == 0 ? Scenario.STARTED : "step " + i;
      wm.stubFor(request.get().inScenario("sequence").whenScenarioStateIs(state)
          .willSetStateTo(i + 1 < responses.length ? "step " + (i + 1) : state).willReturn(responses[i]));
    }
  }

  private static HcloudException refusal(Executable call) {
    HcloudException e = assertThrows(HcloudException.class, call::run);
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    assertFalse(e.toString().contains(TOKEN), e.toString());
    assertFalse(e.getMessage().contains("Bearer"), e.getMessage());
    return e;
  }

  interface Executable {
    void run() throws Exception;
  }

  @Test
  void rateLimitedWaitsForTheResetThenSucceeds() throws Exception {
    String reset = Long.toString(Instant.now().getEpochSecond() + 30);
    sequence(RetriesIT::getServer42,
        fixtureResponse(429, "error_rate_limit_exceeded.json").withHeader("RateLimit-Remaining", "0")
            .withHeader("RateLimit-Reset", reset),
        fixtureResponse(200, "server_get.json"));
    long start = System.nanoTime();
    assertEquals(42, api.getServer(42).orElseThrow().id());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    // The reset is 30 s away; the wait is capped at the test settings' 300 ms, and not shorter.
    assertTrue(took.compareTo(Duration.ofMillis(300)) >= 0, took.toString());
    assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, took.toString());
    assertEquals(2, api.requestCount());
  }

  @Test
  void badGatewayAndGatewayTimeoutAreRetriedAndCounted() throws Exception {
    sequence(RetriesIT::getServer42,
        aResponse().withStatus(502).withBody("<html>bad gateway</html>"),
        aResponse().withStatus(504),
        fixtureResponse(200, "server_get.json"));
    assertEquals(42, api.getServer(42).orElseThrow().id());
    assertEquals(3, api.requestCount());
    wm.verify(3, getRequestedFor(urlPathEqualTo("/v1/servers/42")));
  }

  @Test
  void conflictAndApiTimeoutCodesAreRetried() throws Exception {
    sequence(RetriesIT::getServer42,
        json(409, "{\"error\":{\"code\":\"conflict\",\"message\":\"resource has changed\"}}"),
        json(503, "{\"error\":{\"code\":\"timeout\",\"message\":\"request timed out\"}}"),
        fixtureResponse(200, "server_get.json"));
    assertEquals(42, api.getServer(42).orElseThrow().id());
    assertEquals(3, api.requestCount());
  }

  @Test
  void retriesStopAfterTheLimitWithTheLastRefusal() {
    wm.stubFor(getServer42().willReturn(aResponse().withStatus(502).withStatusMessage("Bad Gateway")));
    HcloudException e = refusal(() -> api.getServer(42));
    assertEquals("Hetzner Cloud refused GET /servers/42: http_502: Bad Gateway", e.getMessage());
    assertEquals("http_502", e.code());
    assertEquals(502, e.httpStatus());
    // The first request and 3 retries (the test settings; production allows 5).
    assertEquals(4, api.requestCount());
    wm.verify(4, getRequestedFor(urlPathEqualTo("/v1/servers/42")));
  }

  @Test
  void theProductionLimitIsFiveRetries() {
    wm.stubFor(getServer42().willReturn(aResponse().withStatus(504)));
    OkHttpHcloudApi five = api(settings().withRetries(5, Duration.ofMillis(1), Duration.ofMillis(2)));
    refusal(() -> five.getServer(42));
    assertEquals(6, five.requestCount());
  }

  /**
   * Not retried, as in hcloud-go and hcloud-python: 500 server_error, 503 unavailable, 422 service_error, 423
   * locked and 409 uniqueness_error are answers; asking again would get the same one.
   */
  @Test
  void serverErrorIsNotRetried() {
    wm.stubFor(getServer42().willReturn(json(500, "{\"error\":{\"code\":\"server_error\",\"message\":\"oops\"}}")));
    HcloudException e = refusal(() -> api.getServer(42));
    assertEquals("Hetzner Cloud refused GET /servers/42: server_error: oops", e.getMessage());
    assertEquals(1, api.requestCount());
  }

  @Test
  void unavailableIsNotRetried() {
    wm.stubFor(getServer42().willReturn(json(503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"down\"}}")));
    assertEquals("unavailable", refusal(() -> api.getServer(42)).code());
    assertEquals(1, api.requestCount());
  }

  @Test
  void serviceErrorKeepsTheCorrelationIdOutOfTheMessage() {
    wm.stubFor(getServer42().willReturn(fixtureResponse(422, "error_service_error.json")
        .withHeader("X-Correlation-Id", "67ed842dc8bc8673")));
    HcloudException e = refusal(() -> api.getServer(42));
    assertEquals("Hetzner Cloud refused GET /servers/42: service_error: Something crashed", e.getMessage());
    assertEquals("service_error", e.code());
    assertEquals(422, e.httpStatus());
    assertEquals(Optional.of("67ed842dc8bc8673"), e.correlationId());
    assertEquals(1, api.requestCount());
  }

  @Test
  void lockedWithoutMessage() {
    wm.stubFor(delete(urlPathEqualTo("/v1/servers/42")).willReturn(fixtureResponse(423,
        "error_locked_minimal.json")));
    HcloudException e = refusal(() -> api.deleteServer(42));
    assertEquals("Hetzner Cloud refused DELETE /servers/42: locked", e.getMessage());
    assertEquals("locked", e.code());
    assertEquals(Optional.empty(), e.correlationId());
    assertEquals(1, api.requestCount());
  }

  @Test
  void invalidInput() {
    wm.stubFor(put(urlPathEqualTo("/v1/servers/42")).willReturn(fixtureResponse(422, "error_invalid_input.json")));
    HcloudException e = refusal(() -> api.updateServer(42, "x", Map.of()));
    assertEquals("Hetzner Cloud refused PUT /servers/42: invalid_input: invalid input in field 'broken_field': is "
        + "too long", e.getMessage());
  }

  @Test
  void resourceLimitOnCreate() {
    wm.stubFor(post(urlPathEqualTo("/v1/servers")).willReturn(fixtureResponse(403,
        "error_resource_limit_exceeded.json")));
    HcloudException e = refusal(() -> api.createServer(new CreateServer("b", "cax11", "ubuntu-24.04", "fsn1",
        List.of(), Map.of())));
    assertEquals("Hetzner Cloud refused POST /servers: resource_limit_exceeded: project limit exceeded",
        e.getMessage());
    assertEquals(1, api.requestCount());
  }

  @Test
  void duplicateServerNameIsNotRetried() {
    wm.stubFor(post(urlPathEqualTo("/v1/servers")).willReturn(fixtureResponse(409,
        "error_uniqueness_server_name.json")));
    HcloudException e = refusal(() -> api.createServer(new CreateServer("b", "cax11", "ubuntu-24.04", "fsn1",
        List.of(), Map.of())));
    assertEquals("Hetzner Cloud refused POST /servers: uniqueness_error: server name is already used",
        e.getMessage());
    assertEquals(409, e.httpStatus());
    assertEquals(1, api.requestCount());
  }

  @Test
  void removedEndpoint() {
    wm.stubFor(get(urlPathEqualTo("/v1/locations")).willReturn(fixtureResponse(410,
        "error_deprecated_api_endpoint.json")));
    HcloudException e = refusal(() -> api.locations());
    assertEquals("Hetzner Cloud refused GET /locations: deprecated_api_endpoint: API functionality was removed",
        e.getMessage());
  }

  @Test
  void networkFailuresAreRetriedThenReportedWithoutTheToken() {
    wm.stubFor(getServer42().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    HcloudException e = refusal(() -> api.getServer(42));
    assertTrue(e.getMessage().startsWith("Could not reach Hetzner Cloud at 127.0.0.1: "), e.getMessage());
    assertEquals("network", e.code());
    assertEquals(0, e.httpStatus());
    assertEquals(4, api.requestCount());
  }

  @Test
  void aReadTimeoutIsRetried() throws Exception {
    OkHttpHcloudApi impatient = api(settings().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200),
        Duration.ofSeconds(1), Duration.ofSeconds(5)));
    sequence(RetriesIT::getServer42, fixtureResponse(200, "server_get.json").withFixedDelay(600),
        fixtureResponse(200, "server_get.json"));
    assertEquals(42, impatient.getServer(42).orElseThrow().id());
    assertEquals(2, impatient.requestCount());
  }

  @Test
  void anUnreachableHostIsNamed() {
    int port = wm.port();
    OkHttpHcloudApi nowhere = api(settings().withEndpoint(java.net.URI.create("http://127.0.0.1:1/v1"))
        .withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)));
    HcloudException e = refusal(() -> nowhere.serverTypes());
    assertTrue(e.getMessage().startsWith("Could not reach Hetzner Cloud at 127.0.0.1: "), e.getMessage());
    assertFalse(e.getMessage().contains(Integer.toString(port)) && e.getMessage().contains("token"));
    assertEquals(2, nowhere.requestCount());
  }

  @Test
  void everyRequestIsAuthenticatedAndIdentified() throws Exception {
    wm.stubFor(getServer42().willReturn(fixtureResponse(200, "server_get.json")));
    api.getServer(42);
    wm.verify(anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("Accept", equalTo("application/json"))
        .withHeader("User-Agent", equalTo("nixinfra/0.1")));
  }

  @Test
  void lowBudgetSpacesRequestsOut() throws Exception {
    // 1 of 3600 left, reset in an hour: the next request waits the (test-capped) 300 ms spacing.
    wm.stubFor(getServer42().willReturn(fixtureResponse(200, "server_get.json")
        .withHeader("RateLimit-Remaining", "1")
        .withHeader("RateLimit-Reset", Long.toString(Instant.now().getEpochSecond() + 3600))));
    api.getServer(42);
    api.getServer(42);
    long start = System.nanoTime();
    api.getServer(42);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(Duration.ofMillis(250)) >= 0, took.toString());
  }
}
