package dev.nixinfra.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The attribute values of one resource: an immutable map from attribute name to value, sorted by name.
 *
 * <p>A value is one of: {@link String}, {@link Long}, {@link Boolean}, {@link Double}, an immutable {@link List} of
 * values, an immutable {@link Map} from string to value (sorted by key), {@link Unknown#VALUE}, or a {@link Ref}.
 * Integers of other boxed types are normalised to {@code Long}. {@code null} is not a value: an absent attribute is
 * simply not in the map. Construction copies deeply, so an {@code Attributes} never changes after it is made.
 */
public record Attributes(Map<String, Object> values) {
  public static final Attributes EMPTY = new Attributes(Map.of());

  public Attributes {
    Objects.requireNonNull(values, "values");
    TreeMap<String, Object> copy = new TreeMap<>();
    values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "attribute name"), normalise(k, v)));
    values = Collections.unmodifiableSortedMap(copy);
  }

  public static Attributes of(Map<String, ?> values) {
    return new Attributes(new LinkedHashMap<>(values));
  }

  public Optional<Object> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public Optional<String> string(String name) {
    return get(name).filter(String.class::isInstance).map(String.class::cast);
  }

  public Optional<Long> integer(String name) {
    return get(name).filter(Long.class::isInstance).map(Long.class::cast);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Set<String> names() {
    return values.keySet();
  }

  /** A copy with {@code name} set to {@code value}. */
  public Attributes with(String name, Object value) {
    Map<String, Object> m = new TreeMap<>(values);
    m.put(name, value);
    return new Attributes(m);
  }

  /** A copy without {@code name}. */
  public Attributes without(String name) {
    Map<String, Object> m = new TreeMap<>(values);
    m.remove(name);
    return new Attributes(m);
  }

  /** True when some value, at any depth, is {@link Unknown} or a {@link Ref}. */
  public boolean hasPending() {
    return values.values().stream().anyMatch(Attributes::isPending);
  }

  /** True when {@code value}, at any depth, is {@link Unknown} or a {@link Ref}. */
  public static boolean isPending(Object value) {
    if (value instanceof Unknown || value instanceof Ref) {
      return true;
    }
    if (value instanceof List<?> l) {
      return l.stream().anyMatch(Attributes::isPending);
    }
    if (value instanceof Map<?, ?> m) {
      return m.values().stream().anyMatch(Attributes::isPending);
    }
    return false;
  }

  /** Every reference in {@code value}, at any depth. */
  public static List<Ref> refs(Object value) {
    List<Ref> out = new ArrayList<>();
    collectRefs(value, out);
    return out;
  }

  private static void collectRefs(Object value, List<Ref> out) {
    if (value instanceof Ref r) {
      out.add(r);
    } else if (value instanceof List<?> l) {
      l.forEach(v -> collectRefs(v, out));
    } else if (value instanceof Map<?, ?> m) {
      m.values().forEach(v -> collectRefs(v, out));
    }
  }

  /** A copy in which every reference, at any depth, is replaced by what {@code resolve} returns for it. */
  public Attributes resolve(Function<Ref, Object> resolve) {
    Map<String, Object> m = new TreeMap<>();
    values.forEach((k, v) -> m.put(k, resolveValue(v, resolve)));
    return new Attributes(m);
  }

  private static Object resolveValue(Object v, Function<Ref, Object> resolve) {
    if (v instanceof Ref r) {
      return resolve.apply(r);
    }
    if (v instanceof List<?> l) {
      return l.stream().map(x -> resolveValue(x, resolve)).toList();
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, x) -> out.put((String) k, resolveValue(x, resolve)));
      return out;
    }
    return v;
  }

  private static Object normalise(String path, Object v) {
    if (v instanceof String || v instanceof Long || v instanceof Boolean || v instanceof Double
        || v instanceof Unknown || v instanceof Ref) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        out.add(normalise(path + "[" + i + "]", l.get(i)));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Map<?, ?> m) {
      TreeMap<String, Object> out = new TreeMap<>();
      m.forEach((k, x) -> {
        if (!(k instanceof String key)) {
          throw new IllegalArgumentException(path + ": map keys must be strings, got " + k);
        }
        out.put(key, normalise(path + "." + key, x));
      });
      return Collections.unmodifiableSortedMap(out);
    }
    throw new IllegalArgumentException(
        path + ": not an attribute value: " + (v == null ? "null" : v.getClass().getName()));
  }
}
