package dev.nixinfra.providers.hcloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain {@link HttpClient} against a fake, for the fake's own tests: JSON in, status + headers + JSON out. */
final class TestClient {
  record Res(int status, HttpResponse<String> raw, JsonNode json) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  TestClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  TestClient(FakeHcloud fake) {
    this(fake.endpoint(), fake.token());
  }

  Res get(String path) {
    return send("GET", path, null);
  }

  Res post(String path, String json) {
    return send("POST", path, json);
  }

  Res put(String path, String json) {
    return send("PUT", path, json);
  }

  Res delete(String path) {
    return send("DELETE", path, null);
  }

  Res send(String method, String path, String json) {
    try {
      return sendOrThrow(method, path, json, Duration.ofSeconds(10));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like {@link #send} but with a request timeout and the client's own IOException. */
  Res sendOrThrow(String method, String path, String json, Duration timeout) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
        .header("Accept", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isEmpty() ? null : MAPPER.readTree(r.body());
      return new Res(r.statusCode(), r, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Polls an action until it succeeds; returns how many polls answered running. */
  int waitFor(long actionId) {
    for (int running = 0; running < 100; running++) {
      Res r = get("/actions/" + actionId);
      if (r.json().at("/action/status").asText().equals("success")) {
        return running;
      }
    }
    throw new AssertionError("action " + actionId + " never finished");
  }

  static JsonNode fixture(String name) {
    try (var in = TestClient.class.getResourceAsStream("/hcloud/fixtures/" + name)) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
