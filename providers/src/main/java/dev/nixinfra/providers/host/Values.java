package dev.nixinfra.providers.host;

import dev.nixinfra.core.model.Attributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads planned or recorded attribute values. A value that is a reference or unknown reads as empty, so callers
 * render "(known after apply)" for whatever depends on it instead of guessing.
 */
final class Values {
  private Values() {}

  static Optional<String> string(Map<String, Object> values, String name) {
    return values.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  static String string(Map<String, Object> values, String name, String otherwise) {
    Object v = values.get(name);
    return v instanceof String s ? s : otherwise;
  }

  static long integer(Map<String, Object> values, String name, long otherwise) {
    Object v = values.get(name);
    return v instanceof Long l ? l : v instanceof Double d ? d.longValue() : otherwise;
  }

  static Optional<Long> integer(Map<String, Object> values, String name) {
    return values.get(name) instanceof Long l ? Optional.of(l) : Optional.empty();
  }

  static double number(Map<String, Object> values, String name, double otherwise) {
    Object v = values.get(name);
    return v instanceof Number n ? n.doubleValue() : otherwise;
  }

  static boolean bool(Map<String, Object> values, String name, boolean otherwise) {
    return values.get(name) instanceof Boolean b ? b : otherwise;
  }

  /** The strings of a list; empty when the list or any element is not known yet. Absent reads as {@code []}. */
  static Optional<List<String>> strings(Map<String, Object> values, String name) {
    Object v = values.get(name);
    if (v == null) {
      return Optional.of(List.of());
    }
    if (!(v instanceof List<?> l) || Attributes.isPending(v)) {
      return Optional.empty();
    }
    return Optional.of(l.stream().map(String::valueOf).toList());
  }

  /** The file map {@code files}: path to content, content possibly unknown. Absent reads as empty. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> files(Attributes attributes) {
    Object v = attributes.values().get("files");
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** True when the host is a known string (not a reference to a server not created yet). */
  static boolean hostKnown(Attributes attributes) {
    return attributes.values().get("host") instanceof String;
  }

  /**
   * The values without those planned as unknown that the apply had no reason to fill in (a computed flag such as
   * {@code created} on a key that already existed): state holds only known values.
   */
  static Map<String, Object> known(Map<String, Object> values) {
    Map<String, Object> out = new java.util.TreeMap<>();
    values.forEach((k, v) -> {
      if (!dev.nixinfra.core.model.Attributes.isPending(v)) {
        out.put(k, v);
      }
    });
    return out;
  }
}
