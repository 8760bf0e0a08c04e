package dev.nixinfra.providers.hcloud.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends one API request: authentication, rate-limit pacing, retries, and errors turned into
 * {@link HcloudException}s with one clear sentence. Knows nothing about servers or keys.
 *
 * <p>Retry policy, as hcloud-go ({@code client_handler_retry.go}) and hcloud-python ({@code _client.py}):
 * <ul>
 *   <li>retried: API codes {@code conflict}, {@code rate_limit_exceeded}, {@code timeout}, {@code bad_gateway};
 *       HTTP 502 and 504 whatever the body; I/O failures (timeouts, refused or reset connections);
 *   <li>not retried: everything else, notably 500 {@code server_error}, 503 {@code unavailable}, 422
 *       {@code service_error}, 423 {@code locked} and a 409 {@code uniqueness_error}: these are answers, and
 *       repeating the request would get the same one;
 *   <li>at most {@link HcloudSettings#maxRetries()} retries, with jittered exponential backoff; after a 429 the
 *       wait is until the rate limit resets (bounded by {@link HcloudSettings#rateLimitWaitCap()}).
 * </ul>
 * A request marked not idempotent is not repeated after an unclear outcome (no response, 502, 504,
 * {@code timeout}); {@link Unanswered} tells the caller to check first.
 */
final class Transport {
  static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
  private static final String USER_AGENT = "nixinfra/0.1";
  private static final Set<String> RETRIED_CODES = Set.of("conflict", "rate_limit_exceeded", "timeout",
      "bad_gateway");
  /** Codes after which the request may have taken effect anyway. */
  private static final Set<String> UNCLEAR_CODES = Set.of("timeout", "bad_gateway");

  private final OkHttpClient client;
  private final HcloudSettings settings;
  private final HttpUrl base;
  private final RateLimiter limiter;
  private final Backoff backoff;
  private final AtomicLong requests = new AtomicLong();

  Transport(OkHttpClient client, HcloudSettings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.base = HttpUrl.get(settings.endpoint().toString());
    this.limiter = new RateLimiter(clock, settings.rateLimitWaitCap(), Math::random);
    this.backoff = new Backoff(settings.retryBase(), settings.retryCap());
  }

  long requestCount() {
    return requests.get();
  }

  JsonNode get(String path, Map<String, String> query) throws HcloudException {
    return send("GET", path, query, null);
  }

  /** An idempotent request (or one whose repetition is harmless), retried per the policy above. */
  JsonNode send(String method, String path, Map<String, String> query, JsonNode body) throws HcloudException {
    try {
      return send(method, path, query, body, true);
    } catch (Unanswered e) {
      throw new IllegalStateException("idempotent requests are retried, never unanswered", e);
    }
  }

  /**
   * Sends with retries. When {@code idempotent} is false, an unclear outcome is not retried but thrown as
   * {@link Unanswered}; definite refusals ({@code conflict}, {@code rate_limit_exceeded}) are still retried.
   */
  JsonNode send(String method, String path, Map<String, String> query, JsonNode body, boolean idempotent)
      throws HcloudException, Unanswered {
    for (int retry = 0; ; retry++) {
      Outcome outcome = attempt(method, path, query, body);
      if (outcome.json != null) {
        return outcome.json;
      }
      if (!idempotent && outcome.unclear) {
        throw new Unanswered(outcome.failure);
      }
      if (!outcome.retryable || retry >= settings.maxRetries()) {
        throw outcome.failure;
      }
      Duration wait = backoff.jittered(retry);
      sleep(outcome.rateLimited ? limiter.afterRateLimited(wait) : wait);
    }
  }

  /** Every page of a list, {@code per_page=50}, following {@code meta.pagination.next_page} until null. */
  List<JsonNode> list(String path, Map<String, String> query, String field) throws HcloudException {
    List<JsonNode> items = new ArrayList<>();
    long page = 1;
    // A server answering next_page forever would otherwise loop forever; 10 000 pages are 500 000 objects.
    for (int pages = 0; pages < 10_000; pages++) {
      Map<String, String> q = new LinkedHashMap<>(query);
      q.put("page", Long.toString(page));
      q.put("per_page", "50");
      JsonNode json = get(path, q);
      json.path(field).forEach(items::add);
      JsonNode next = json.path("meta").path("pagination").path("next_page");
      if (!next.canConvertToLong() || next.asLong() <= page) {
        return items;
      }
      page = next.asLong();
    }
    throw new HcloudException("Hetzner Cloud kept announcing more pages of GET " + path, "pagination", 200,
        Optional.empty(), null);
  }

  /** Sleeps; an interrupt ends the wait and becomes an {@link HcloudException}, keeping the interrupt flag. */
  static void sleep(Duration wait) throws HcloudException {
    if (wait.isZero() || wait.isNegative()) {
      return;
    }
    try {
      Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HcloudException("Interrupted while waiting for Hetzner Cloud", "interrupted", 0, Optional.empty(),
          e);
    }
  }

  private Outcome attempt(String method, String path, Map<String, String> query, JsonNode body)
      throws HcloudException {
    sleep(limiter.reserve());
    HttpUrl.Builder url = base.newBuilder().addPathSegments(path.substring(1));
    query.forEach(url::addQueryParameter);
    RequestBody requestBody = null;
    if (body != null) {
      requestBody = RequestBody.create(write(body), JSON_TYPE);
    } else if (!"GET".equals(method) && !"DELETE".equals(method)) {
      requestBody = RequestBody.create("{}", JSON_TYPE);
    }
    Request request = new Request.Builder()
        .url(url.build())
        .method(method, requestBody)
        .header("Authorization", "Bearer " + settings.token())
        .header("Accept", "application/json")
        .header("User-Agent", USER_AGENT)
        .build();
    requests.incrementAndGet();
    try (Response response = client.newCall(request).execute()) {
      limiter.update(response.header("RateLimit-Limit"), response.header("RateLimit-Remaining"),
          response.header("RateLimit-Reset"));
      ResponseBody responseBody = response.body();
      String text = responseBody == null ? "" : responseBody.string();
      if (response.isSuccessful()) {
        return Outcome.success(parseSuccess(text, method, path, response));
      }
      return failure(method, path, response, text);
    } catch (IOException e) {
      String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
          : e.getMessage();
      HcloudException failure = new HcloudException("Could not reach Hetzner Cloud at " + base.host() + ": "
          + reason, "network", 0, Optional.empty(), e);
      // An interrupted thread is being told to stop, not suffering a flaky network.
      return new Outcome(null, failure, !Thread.currentThread().isInterrupted(), true, false);
    }
  }

  private static JsonNode parseSuccess(String text, String method, String path, Response response)
      throws HcloudException {
    // An empty body (204, or an empty 200) is an empty object, as hcloud-python does.
    if (text.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new HcloudException("Hetzner Cloud answered " + method + " " + path + " with something that is not "
          + "JSON (HTTP " + response.code() + ")", "invalid_response", response.code(),
          Optional.ofNullable(response.header("X-Correlation-Id")), e);
    }
  }

  /** The API's error: its code and message, or {@code http_<status>} when the body is not an API error. */
  private static Outcome failure(String method, String path, Response response, String text) {
    int status = response.code();
    JsonNode error = readQuietly(text).path("error");
    String code = Payloads.text(error, "code");
    String message = Payloads.text(error, "message");
    if (code.isEmpty()) {
      code = "http_" + status;
      message = response.message().isBlank() ? "HTTP " + status : response.message();
    }
    Optional<String> correlation = Optional.ofNullable(response.header("X-Correlation-Id"))
        .or(() -> Payloads.optionalText(error, "correlation_id"));
    HcloudException failure = new HcloudException("Hetzner Cloud refused " + method + " " + path + ": " + code
        + (message.isBlank() ? "" : ": " + message), code, status, correlation, null);
    boolean gateway = status == 502 || status == 504;
    boolean retryable = gateway || RETRIED_CODES.contains(code);
    boolean unclear = gateway || UNCLEAR_CODES.contains(code);
    return new Outcome(null, failure, retryable, unclear, status == 429 || "rate_limit_exceeded".equals(code));
  }

  private static JsonNode readQuietly(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      return n == null ? JSON.missingNode() : n;
    } catch (JsonProcessingException e) {
      return JSON.missingNode();
    }
  }

  private static String write(JsonNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** What one attempt gave: the JSON, or a failure and how to treat it. */
  private record Outcome(JsonNode json, HcloudException failure, boolean retryable, boolean unclear,
      boolean rateLimited) {
    static Outcome success(JsonNode json) {
      return new Outcome(json, null, false, false, false);
    }
  }
}
