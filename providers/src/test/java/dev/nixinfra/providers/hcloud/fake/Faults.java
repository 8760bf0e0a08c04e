package dev.nixinfra.providers.hcloud.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Faults waiting for requests. A rule matches a method (or {@code *}) and a path prefix relative to {@code /v1}; the
 * oldest matching rule with uses left is taken, and each request takes at most one rule. Thread-safe.
 */
final class Faults {
  enum Kind {
    /** Answer {@code status} with {@code {"error":{"code":...}}} without touching state. */
    FAIL,
    /** Handle the request (its effects happen), then wait {@code delay} before answering. */
    DELAY,
    /** Close the connection without an answer; with {@code applyFirst} the request takes effect first. */
    DROP
  }

  record Rule(String method, String pathPrefix, Kind kind, int status, String code, Duration delay,
      boolean applyFirst) {
    boolean matches(String m, String path) {
      return (method.equals("*") || method.equalsIgnoreCase(m)) && path.startsWith(pathPrefix);
    }
  }

  private static final class Slot {
    final Rule rule;
    int left;

    Slot(Rule rule, int left) {
      this.rule = rule;
      this.left = left;
    }
  }

  private final List<Slot> slots = new ArrayList<>();

  synchronized void add(Rule rule, int times) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1");
    }
    slots.add(new Slot(new Rule(rule.method().toUpperCase(Locale.ROOT), FakeHcloud.relative(rule.pathPrefix()),
        rule.kind(), rule.status(), rule.code(), rule.delay(), rule.applyFirst()), times));
  }

  /** Takes one use of the first matching rule, or null. */
  synchronized Rule take(String method, String path) {
    for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
      Slot s = it.next();
      if (s.rule.matches(method, path)) {
        if (--s.left == 0) {
          it.remove();
        }
        return s.rule;
      }
    }
    return null;
  }

  synchronized void clear() {
    slots.clear();
  }
}
