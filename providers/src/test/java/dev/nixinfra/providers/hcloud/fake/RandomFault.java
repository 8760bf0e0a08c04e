package dev.nixinfra.providers.hcloud.fake;

import java.time.Duration;

/**
 * The kinds of fault {@link FakeHcloud#injectRandomly} draws from, each what a client of the real API meets now and
 * then. Only the answer differs: a failing kind leaves the project untouched, except where it says it takes effect.
 */
public enum RandomFault {
  /** 429 {@code rate_limit_exceeded} with {@code RateLimit-Remaining: 0} and a {@code RateLimit-Reset} 1 s away. */
  RATE_LIMITED(new Faults.Rule("*", "/", Faults.Kind.FAIL, 429, "rate_limit_exceeded", null, false)),
  /** 500 {@code server_error}: an answer, which clients do not repeat. */
  SERVER_ERROR(new Faults.Rule("*", "/", Faults.Kind.FAIL, 500, "server_error", null, false)),
  /** 502 {@code bad_gateway}, without effect (the client cannot know that). */
  BAD_GATEWAY(new Faults.Rule("*", "/", Faults.Kind.FAIL, 502, "bad_gateway", null, false)),
  /** 503 {@code unavailable}, as during maintenance. */
  UNAVAILABLE(new Faults.Rule("*", "/", Faults.Kind.FAIL, 503, "unavailable", null, false)),
  /** 504 {@code timeout}: the API's own timeout, without effect. */
  GATEWAY_TIMEOUT(new Faults.Rule("*", "/", Faults.Kind.FAIL, 504, "timeout", null, false)),
  /** The request takes effect and its answer comes 1.5 s late. */
  SLOW_ANSWER(new Faults.Rule("*", "/", Faults.Kind.DELAY, 0, null, Duration.ofMillis(1500), false)),
  /** The connection is closed before the request takes effect. */
  DROPPED_BEFORE(new Faults.Rule("*", "/", Faults.Kind.DROP, 0, null, null, false)),
  /** The request takes effect, then the connection is closed without an answer: what a client read timeout sees. */
  DROPPED_AFTER(new Faults.Rule("*", "/", Faults.Kind.DROP, 0, null, null, true));

  final Faults.Rule rule;

  RandomFault(Faults.Rule rule) {
    this.rule = rule;
  }
}
