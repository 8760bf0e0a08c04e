package dev.nixinfra.core.config;

import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads a builder's {@code tuning:} block: sizes, cores and the daemon's memory limit. */
final class TuningReader {
  static final List<String> KEYS = List.of("min_free", "max_free", "cores", "memory_max");
  private static final String SIZE_HELP =
      "write a number of bytes or a number with a unit (B, K, M, G, T, KiB, MiB, GiB, TiB), for example `10GiB`";

  /** What a tenant's daemon takes: it runs per connection, so no service limit such as memory_max applies. */
  static final List<String> TENANT_KEYS = List.of("min_free", "max_free", "cores");

  private final YamlContext ctx;
  private final YamlMap t;
  private final List<String> keys;

  TuningReader(YamlContext ctx, YamlMap t) {
    this(ctx, t, KEYS);
  }

  TuningReader(YamlContext ctx, YamlMap t, List<String> keys) {
    this.ctx = ctx;
    this.t = t;
    this.keys = keys;
  }

  Tuning read() {
    t.allowOnly(keys);
    Optional<Long> minFree = size("min_free");
    Optional<Long> maxFree = size("max_free");
    Optional<Long> cores = t.integer("cores", 0, Integer.MAX_VALUE);
    Optional<String> memoryMax = keys.contains("memory_max") ? memoryMax() : Optional.empty();
    if (minFree.isPresent() && maxFree.isPresent() && minFree.get() >= maxFree.get()) {
      ctx.error(t.value("min_free"), "`" + t.child("min_free") + "` must be less than `max_free`",
          "garbage collection starts below min_free and stops at max_free; make min_free the smaller size");
      return Tuning.NONE;
    }
    return new Tuning(minFree, maxFree, cores, memoryMax, Optional.of(ctx.at(t.owner())));
  }

  private Optional<Long> size(String key) {
    if (!t.has(key)) {
      return Optional.empty();
    }
    Node v = t.value(key);
    if (YamlNodes.isScalar(v, Tag.INT)) {
      return t.integer(key, 0, Long.MAX_VALUE);
    }
    Optional<String> s = t.string(key);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<Long> bytes = Sizes.parse(s.get());
    if (bytes.isEmpty()) {
      ctx.error(v, "`" + t.child(key) + "` is not a size: `" + s.get() + "`", SIZE_HELP);
    }
    return bytes;
  }

  /** A percentage kept as written, or a size as its number of bytes in text, as the daemon's MemoryMax takes. */
  private Optional<String> memoryMax() {
    if (!t.has("memory_max")) {
      return Optional.empty();
    }
    Optional<String> s = t.string("memory_max");
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (s.get().endsWith("%")) {
      if (Sizes.isPercent(s.get())) {
        return s;
      }
      ctx.error(t.value("memory_max"), "`" + t.child("memory_max") + "` must be from 1% to 100%, not `" + s.get()
          + "`", "write a whole percentage such as `90%`, or a size such as `16GiB`");
      return Optional.empty();
    }
    Optional<Long> bytes = Sizes.parse(s.get());
    if (bytes.isEmpty()) {
      ctx.error(t.value("memory_max"), "`" + t.child("memory_max") + "` is not a size or percentage: `" + s.get()
          + "`", "write a percentage such as `90%`, or " + SIZE_HELP.substring("write ".length()));
    }
    return bytes.map(String::valueOf);
  }
}
