package dev.nixinfra.providers.hcloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP side of the fake, in this order for every request: record it, wait the configured latency, require
 * {@code /v1}, check the Bearer token (401 {@code unauthorized}), take one from the rate budget (429
 * {@code rate_limit_exceeded}), apply an injected fault if one matches, and otherwise let {@link Routes} answer
 * under the store's lock. Every answer carries the {@code RateLimit-*} headers and JSON content type.
 */
final class Front implements HttpHandler {
  private final Options options;
  private final Store store;
  private final Routes routes;
  private final RateBudget budget;
  private final Faults faults;
  private final List<RecordedRequest> log;

  Front(Options options, Store store, RateBudget budget, Faults faults, List<RecordedRequest> log) {
    this.options = options;
    this.store = store;
    this.routes = new Routes(store, options.pageSizeCap());
    this.budget = budget;
    this.faults = faults;
    this.log = log;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      String full = ex.getRequestURI().getPath();
      String rawQuery = ex.getRequestURI().getRawQuery();
      String path = FakeHcloud.relative(full);
      log.add(new RecordedRequest(method, path, rawQuery == null ? "" : rawQuery));
      byte[] body = ex.getRequestBody().readAllBytes();
      sleep(options.latency());
      if (!full.equals("/v1") && !full.startsWith("/v1/")) {
        send(ex, new Reply(404, Json.error("not_found", "not found", null)));
        return;
      }
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.equals("Bearer " + options.token())) {
        send(ex, new Reply(401, Json.error("unauthorized", "unable to authenticate", null)));
        return;
      }
      if (!budget.take()) {
        send(ex, new Reply(429, Json.error("rate_limit_exceeded",
            "limit of " + options.rateLimit() + " requests per hour reached", null)));
        return;
      }
      Faults.Rule fault = faults.take(method, path);
      if (fault != null && fault.kind() == Faults.Kind.FAIL) {
        Reply failure = new Reply(fault.status(), Json.error(fault.code(), "injected fault: " + fault.code(), null));
        send(ex, failure, fault.status() == 429);
        return;
      }
      if (fault != null && fault.kind() == Faults.Kind.DROP && !fault.applyFirst()) {
        return; // closing an exchange that sent no headers closes the connection
      }
      Reply reply = answer(method, path, Query.parse(rawQuery), body);
      if (fault != null && fault.kind() == Faults.Kind.DROP) {
        return;
      }
      if (fault != null && fault.kind() == Faults.Kind.DELAY) {
        sleep(fault.delay());
      }
      send(ex, reply);
    } catch (IOException e) {
      // the client went away (for instance it timed out during an injected delay): nothing left to answer
    } finally {
      ex.close();
    }
  }

  private Reply answer(String method, String path, Query q, byte[] body) {
    synchronized (store) {
      try {
        return routes.handle(method, path, q, body);
      } catch (ApiError e) {
        return new Reply(e.status, e.body());
      } catch (RuntimeException e) {
        return new Reply(500, Json.error("server_error", "fake failed: " + e, null));
      }
    }
  }

  private void send(HttpExchange ex, Reply r) throws IOException {
    send(ex, r, false);
  }

  /** With {@code burst}, an injected 429: nothing remains and the budget resets in a second, as after a burst. */
  private void send(HttpExchange ex, Reply r, boolean burst) throws IOException {
    RateBudget.Headers h = budget.headers();
    ex.getResponseHeaders().set("RateLimit-Limit", Integer.toString(h.limit()));
    ex.getResponseHeaders().set("RateLimit-Remaining", burst ? "0" : Integer.toString(h.remaining()));
    ex.getResponseHeaders().set("RateLimit-Reset",
        Long.toString(burst ? System.currentTimeMillis() / 1000 + 1 : h.reset()));
    JsonNode body = r.body();
    if (body == null) {
      ex.sendResponseHeaders(r.status(), -1);
      return;
    }
    byte[] bytes = Json.bytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(r.status(), bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(Duration d) {
    if (d == null || d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
