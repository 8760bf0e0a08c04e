package dev.nixinfra.providers.hcloud.api;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Hetzner Cloud and how patiently to wait for it. Immutable; the {@code with...} methods return
 * copies, so tests can shrink every wait without touching the defaults.
 *
 * <p>{@link #toString()} never shows the token: settings end up in logs and exception messages.
 *
 * @param token the project's API token, sent as {@code Authorization: Bearer}; never printed
 * @param endpoint the API base, {@code https://api.hetzner.cloud/v1} unless a test points elsewhere
 * @param connectTimeout TCP and TLS connection set-up
 * @param readTimeout longest silence while waiting for a response; a POST that runs into it may still have
 *     succeeded on the server, which is why {@code createServer} looks before it retries
 * @param writeTimeout longest silence while sending a request
 * @param callTimeout the whole request, connection to last byte
 * @param pollInitial first wait between two polls of an action or of a server's status
 * @param pollMax the poll wait doubles up to this
 * @param maxRetries how often one request is repeated after a retryable failure (the official clients use 5)
 * @param retryBase first backoff step; each retry doubles it, with full jitter
 * @param retryCap the longest single backoff
 * @param rateLimitWaitCap the longest wait for the rate-limit budget, after a 429 or while pacing requests
 * @param shutdownDeadline how long a graceful shutdown may take before the server is powered off
 * @param actionDeadline how long one action may run before nixinfra gives up waiting for it
 */
public record HcloudSettings(String token, URI endpoint, Duration connectTimeout, Duration readTimeout,
    Duration writeTimeout, Duration callTimeout, Duration pollInitial, Duration pollMax, int maxRetries,
    Duration retryBase, Duration retryCap, Duration rateLimitWaitCap, Duration shutdownDeadline,
    Duration actionDeadline) {
  public static final URI DEFAULT_ENDPOINT = URI.create("https://api.hetzner.cloud/v1");

  public HcloudSettings {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(endpoint, "endpoint");
    if (token.isBlank()) {
      throw new IllegalArgumentException("the Hetzner Cloud API token is empty");
    }
    // A line break or space would let the token forge or break the Authorization header.
    if (!token.chars().allMatch(c -> c > ' ' && c < 127)) {
      throw new IllegalArgumentException("the Hetzner Cloud API token contains spaces or control characters");
    }
    String scheme = endpoint.getScheme();
    if (!("https".equals(scheme) || "http".equals(scheme)) || endpoint.getHost() == null
        || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
      throw new IllegalArgumentException("the Hetzner Cloud endpoint must be an http(s) URL without query: "
          + endpoint);
    }
    positive(connectTimeout, "connectTimeout");
    positive(readTimeout, "readTimeout");
    positive(writeTimeout, "writeTimeout");
    positive(callTimeout, "callTimeout");
    positive(pollInitial, "pollInitial");
    positive(pollMax, "pollMax");
    positive(retryBase, "retryBase");
    positive(retryCap, "retryCap");
    positive(rateLimitWaitCap, "rateLimitWaitCap");
    positive(shutdownDeadline, "shutdownDeadline");
    positive(actionDeadline, "actionDeadline");
    if (pollMax.compareTo(pollInitial) < 0) {
      throw new IllegalArgumentException("pollMax " + pollMax + " is shorter than pollInitial " + pollInitial);
    }
    if (retryCap.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException("retryCap " + retryCap + " is shorter than retryBase " + retryBase);
    }
    if (maxRetries < 0 || maxRetries > 20) {
      throw new IllegalArgumentException("maxRetries must be between 0 and 20, not " + maxRetries);
    }
  }

  /**
   * The production settings: the public endpoint; 10 s to connect, 30 s per read or write, 2 min per call;
   * actions polled from 0.5 s doubling to 10 s; 5 retries from 1 s doubling to 60 s (as hcloud-go and
   * hcloud-python); rate-limit waits of at most 60 s; 2 min for a graceful shutdown; 10 min per action.
   */
  public static HcloudSettings of(String token) {
    return new HcloudSettings(token, DEFAULT_ENDPOINT, Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMillis(500), Duration.ofSeconds(10), 5,
        Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(2),
        Duration.ofMinutes(10));
  }

  public HcloudSettings withEndpoint(URI newEndpoint) {
    return new HcloudSettings(token, newEndpoint, connectTimeout, readTimeout, writeTimeout, callTimeout,
        pollInitial, pollMax, maxRetries, retryBase, retryCap, rateLimitWaitCap, shutdownDeadline, actionDeadline);
  }

  public HcloudSettings withTimeouts(Duration connect, Duration read, Duration write, Duration call) {
    return new HcloudSettings(token, endpoint, connect, read, write, call, pollInitial, pollMax, maxRetries,
        retryBase, retryCap, rateLimitWaitCap, shutdownDeadline, actionDeadline);
  }

  /** Action and status polling: wait {@code initial}, doubling up to {@code max}. */
  public HcloudSettings withPolling(Duration initial, Duration max) {
    return new HcloudSettings(token, endpoint, connectTimeout, readTimeout, writeTimeout, callTimeout, initial,
        max, maxRetries, retryBase, retryCap, rateLimitWaitCap, shutdownDeadline, actionDeadline);
  }

  public HcloudSettings withRetries(int retries, Duration base, Duration cap) {
    return new HcloudSettings(token, endpoint, connectTimeout, readTimeout, writeTimeout, callTimeout,
        pollInitial, pollMax, retries, base, cap, rateLimitWaitCap, shutdownDeadline, actionDeadline);
  }

  public HcloudSettings withRateLimitWaitCap(Duration cap) {
    return new HcloudSettings(token, endpoint, connectTimeout, readTimeout, writeTimeout, callTimeout,
        pollInitial, pollMax, maxRetries, retryBase, retryCap, cap, shutdownDeadline, actionDeadline);
  }

  public HcloudSettings withDeadlines(Duration shutdown, Duration action) {
    return new HcloudSettings(token, endpoint, connectTimeout, readTimeout, writeTimeout, callTimeout,
        pollInitial, pollMax, maxRetries, retryBase, retryCap, rateLimitWaitCap, shutdown, action);
  }

  /** Everything but the token, which is shown as {@code ***}. */
  @Override
  public String toString() {
    return "HcloudSettings[token=***, endpoint=" + endpoint + ", connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout + ", writeTimeout=" + writeTimeout + ", callTimeout=" + callTimeout
        + ", pollInitial=" + pollInitial + ", pollMax=" + pollMax + ", maxRetries=" + maxRetries
        + ", retryBase=" + retryBase + ", retryCap=" + retryCap + ", rateLimitWaitCap=" + rateLimitWaitCap
        + ", shutdownDeadline=" + shutdownDeadline + ", actionDeadline=" + actionDeadline + "]";
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }
}
