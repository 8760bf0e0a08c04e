package dev.nixinfra.providers.hcloud.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults waiting for requests. A rule matches a method (or {@code *}) and a path prefix relative to {@code /v1}; the
 * oldest matching rule with uses left is taken, and each request takes at most one rule. A request no rule takes
 * may get a random fault (see {@link #randomly}); the draws come from one seeded generator, in arrival order, so a
 * sequential client sees the same faults again for the same seed. Thread-safe.
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
  private final Map<RandomFault, AtomicLong> injected = new ConcurrentHashMap<>();
  private double rate;
  private Random random;
  private List<RandomFault> kinds = List.of();

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
    if (random != null && !kinds.isEmpty() && random.nextDouble() < rate) {
      RandomFault kind = kinds.get(random.nextInt(kinds.size()));
      injected.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
      return kind.rule;
    }
    return null;
  }

  /** From now on each request no rule takes gets a fault with probability {@code rate}, of a kind drawn evenly. */
  synchronized void randomly(double rate, long seed, List<RandomFault> kinds) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rate must be between 0 and 1, not " + rate);
    }
    this.rate = rate;
    this.random = new Random(seed);
    this.kinds = List.copyOf(kinds);
  }

  /** How many random faults of each kind were injected; kinds never drawn are absent. */
  Map<RandomFault, Long> injected() {
    Map<RandomFault, Long> out = new java.util.EnumMap<>(RandomFault.class);
    injected.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Clears the rules and stops random faults (their counts stay). */
  synchronized void clear() {
    slots.clear();
    random = null;
    kinds = List.of();
  }
}
