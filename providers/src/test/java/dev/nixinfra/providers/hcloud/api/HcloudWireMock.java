package dev.nixinfra.providers.hcloud.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fake Hetzner Cloud API for the integration tests: one WireMock server per test class on a free loopback
 * port, reset before every test, answering with the real fixtures in {@code hcloud/fixtures/}. The client's
 * waits are shrunk to milliseconds so that the suite stays fast.
 */
abstract class HcloudWireMock {
  /** Distinctive, so that a test can prove it appears in no message. */
  static final String TOKEN = "hcloud-test-TOKEN-4f9c2e7a1b";
  static final ObjectMapper JSON = new ObjectMapper();

  static WireMockServer wm;
  OkHttpHcloudApi api;

  @BeforeAll
  static void startWireMock() {
    wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
  }

  @AfterAll
  static void stopWireMock() {
    wm.stop();
  }

  @BeforeEach
  void freshApi() {
    wm.resetAll();
    api = api(settings());
  }

  /** Millisecond polls and backoffs, 3 retries, 2 s timeouts. */
  static HcloudSettings settings() {
    return HcloudSettings.of(TOKEN)
        .withEndpoint(URI.create("http://127.0.0.1:" + wm.port() + "/v1"))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10))
        .withPolling(Duration.ofMillis(2), Duration.ofMillis(10))
        .withRetries(3, Duration.ofMillis(2), Duration.ofMillis(10))
        .withRateLimitWaitCap(Duration.ofMillis(300))
        .withDeadlines(Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  static OkHttpHcloudApi api(HcloudSettings settings) {
    return new OkHttpHcloudApi(HcloudHttp.sharedClient(), settings);
  }

  static String fixture(String name) {
    try (InputStream in = HcloudWireMock.class.getResourceAsStream("/hcloud/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode tree(String fixture) {
    try {
      return (ObjectNode) JSON.readTree(fixture(fixture));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A one-page list response holding {@code item}, e.g. {@code {"servers": [item], "meta": ...}}. */
  static String list(String field, JsonNode... items) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray(field).addAll(java.util.List.of(items));
    body.putObject("meta").putObject("pagination").put("page", 1).put("per_page", 50).putNull("next_page");
    return body.toString();
  }

  /** A JSON response with the rate-limit headers every real response carries. */
  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("RateLimit-Limit", "3600")
        .withHeader("RateLimit-Remaining", "3599")
        .withHeader("RateLimit-Reset", Long.toString(Instant.now().getEpochSecond() + 1))
        .withBody(body);
  }

  static ResponseDefinitionBuilder fixtureResponse(int status, String fixture) {
    return json(status, fixture(fixture));
  }

  /** A finished action, for requests whose waiting is not what the test is about. */
  static String successAction(long id, String command) {
    return "{\"action\":{\"id\":" + id + ",\"command\":\"" + command + "\",\"status\":\"success\","
        + "\"progress\":100,\"started\":\"2016-01-30T23:50+00:00\",\"finished\":null,\"resources\":[],"
        + "\"error\":null}}";
  }
}
