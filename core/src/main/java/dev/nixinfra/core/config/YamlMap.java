package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, located reading of one YAML mapping. Every read either returns a valid value or reports why not at the
 * offending node and returns empty, so callers go on and the user sees every problem at once. A missing key is not
 * an error here; callers say which keys are required with {@link #require}.
 */
final class YamlMap {
  /** A string from a list, with its node for messages. */
  record Item(String value, Node node) {}

  private final YamlContext ctx;
  private final String path;
  private final Node owner;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  /** Keys suggested for misspelt ones; a misspelling is reported once, not also as a missing key. */
  private final Set<String> suggested = new HashSet<>();

  private YamlMap(YamlContext ctx, String path, Node owner) {
    this.ctx = ctx;
    this.path = path;
    this.owner = owner;
  }

  /**
   * Reads {@code value} as a mapping. An empty value is an empty mapping. Anything else is reported and read as
   * empty. Duplicate keys and merge keys are reported; the first of duplicate keys wins.
   *
   * @param path the dotted path of the mapping, for messages; empty for the top level
   * @param owner where "missing key" errors point: the mapping's own key, or the document's start
   */
  static YamlMap of(YamlContext ctx, String path, Node owner, Node value) {
    YamlMap m = new YamlMap(ctx, path, owner);
    if (YamlNodes.isNull(value)) {
      return m;
    }
    if (!(value instanceof MappingNode mapping)) {
      ctx.error(value, "`" + path + "` must be a map of keys, not " + YamlNodes.describe(value),
          "write the keys indented under `" + path + ":`, one `key: value` per line");
      return m;
    }
    for (NodeTuple t : mapping.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode) || YamlNodes.isNull(k)) {
        ctx.error(k, "a key " + m.where() + " is " + YamlNodes.describe(k), "keys must be plain names");
        continue;
      }
      String key = YamlNodes.text(k);
      if (Tag.MERGE.equals(k.getTag()) || key.equals("<<")) {
        ctx.error(k, "merge keys (`<<`) are not supported",
            "write the keys out in full; anchors and aliases (`&name`, `*name`) of whole values are fine");
        continue;
      }
      NodeTuple first = m.entries.get(key);
      if (first != null) {
        ctx.error(k, "duplicate key `" + key + "` " + m.where() + " (first on line "
                + (first.getKeyNode().getStartMark().getLine() + 1) + ")",
            "a key may appear once; delete one of the two, lines "
                + (first.getKeyNode().getStartMark().getLine() + 1) + " and " + (k.getStartMark().getLine() + 1));
        continue;
      }
      m.entries.put(key, t);
    }
    return m;
  }

  String path() {
    return path;
  }

  String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private String where() {
    return path.isEmpty() ? "at the top level" : "in `" + path + "`";
  }

  Node owner() {
    return owner;
  }

  Collection<String> keys() {
    return entries.keySet();
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  Node keyNode(String key) {
    return entries.get(key).getKeyNode();
  }

  Node value(String key) {
    return entries.get(key).getValueNode();
  }

  /**
   * Reports every key not in {@code allowed}, with the closest allowed key as a suggestion. At the top level, keys
   * starting with {@code x-} are allowed and ignored, as a home for anchors ({@code x-common: &common ...}).
   */
  void allowOnly(List<String> allowed) {
    for (String key : entries.keySet()) {
      if (path.isEmpty() && key.startsWith("x-")) {
        continue;
      }
      if (!allowed.contains(key)) {
        Suggestions.closest(key, allowed).ifPresent(suggested::add);
        ctx.error(keyNode(key), "unknown key `" + key + "` " + where() + Suggestions.didYouMean(key, allowed),
            "remove it, or use one of: " + String.join(", ", allowed));
      }
    }
  }

  /** Reports {@code key} missing, at this mapping's owner; true when present. */
  boolean require(String key, String example) {
    if (has(key)) {
      return true;
    }
    if (suggested.contains(key)) {
      return false;
    }
    String at = path.isEmpty() ? "the config" : "`" + path + "`";
    ctx.error(owner, at + " is missing required key `" + key + "`", "add `" + example + "`");
    return false;
  }

  /** A nested mapping; empty when absent or reported. */
  Optional<YamlMap> map(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    Node v = value(key);
    if (!YamlNodes.isNull(v) && !(v instanceof MappingNode)) {
      ctx.error(v, "`" + child(key) + "` must be a map of keys, not " + YamlNodes.describe(v),
          "write the keys indented under `" + key + ":`, one `key: value` per line");
      return Optional.empty();
    }
    return Optional.of(of(ctx, child(key), keyNode(key), v));
  }

  /**
   * A string, with {@code ${env:NAME}} resolved; an unset variable is reported. Numbers are taken as written,
   * since a version such as {@code 25.05} is clearly meant as text.
   */
  Optional<String> string(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    return scalarString(value(key), child(key), key);
  }

  private Optional<String> scalarString(Node v, String where, String key) {
    if (YamlNodes.isScalar(v, Tag.INT) || YamlNodes.isScalar(v, Tag.FLOAT)) {
      return Optional.of(YamlNodes.text(v));
    }
    if (!YamlNodes.isScalar(v, Tag.STR)) {
      ctx.error(v, "`" + where + "` must be a string, not " + YamlNodes.describe(v),
          YamlNodes.isNull(v) ? "give it a value, or remove the key" : "put the value in quotes, for example `"
              + key + ": \"" + (v instanceof ScalarNode s ? s.getValue() : "...") + "\"`");
      return Optional.empty();
    }
    Interpolation.Result r = Interpolation.resolve(YamlNodes.text(v), ctx.env);
    boolean ok = checkInterpolation(v, where, r, false, false);
    return ok ? Optional.of(r.value()) : Optional.empty();
  }

  private boolean checkInterpolation(
      Node v, String where, Interpolation.Result r, boolean unsetAllowed, boolean secret) {
    boolean ok = true;
    if (r.malformed().isPresent()) {
      String shown = secret ? "" : " `" + r.malformed().get() + "`"; // a secret's text is never shown
      ctx.error(v, "`" + where + "` has an unsupported reference" + shown,
          "write `${env:NAME}` to use the environment variable NAME");
      ok = false;
    }
    if (!unsetAllowed) {
      for (String name : r.unset()) {
        ctx.error(v, "environment variable `" + name + "` is not set (used in `" + where + "`)",
            "set it before running nixinfra, for example `export " + name + "=...`");
        ok = false;
      }
    }
    return ok;
  }

  /**
   * A secret string. Its value never appears in a message. When {@code unsetMeansAbsent}, a reference to an unset
   * variable gives empty without an error.
   */
  Optional<Secret> secret(String key, boolean unsetMeansAbsent) {
    if (!has(key)) {
      return Optional.empty();
    }
    Node v = value(key);
    if (!YamlNodes.isScalar(v, Tag.STR)) {
      ctx.error(v, "`" + child(key) + "` must be a string, not " + YamlNodes.describe(v),
          "write `" + key + ": ${env:NAME}` to read it from an environment variable");
      return Optional.empty();
    }
    Interpolation.Result r = Interpolation.resolve(YamlNodes.text(v), ctx.env);
    if (!checkInterpolation(v, child(key), r, unsetMeansAbsent, true) || !r.unset().isEmpty()) {
      return Optional.empty();
    }
    if (unsetMeansAbsent && r.value().isEmpty()) {
      return Optional.empty(); // set but empty, as `HCLOUD_TOKEN= nixinfra plan` does: no value either
    }
    String source = r.interpolated()
        ? String.join(",", r.variables().stream().map(n -> "env:" + n).toList())
        : ctx.file;
    return Optional.of(new Secret(r.value(), source));
  }

  /** True when {@code key} is a plain string with no {@code ${env:...}} in it. */
  boolean isLiteral(String key) {
    return has(key) && YamlNodes.isScalar(value(key), Tag.STR)
        && !Interpolation.resolve(YamlNodes.text(value(key)), Map.of()).interpolated();
  }

  /** A whole number from {@code min} to {@code max}. A quoted number is reported with the unquoted spelling. */
  Optional<Long> integer(String key, long min, long max) {
    if (!has(key)) {
      return Optional.empty();
    }
    Node v = value(key);
    if (!YamlNodes.isScalar(v, Tag.INT)) {
      String detail = "write a whole number without quotes, for example `" + key + ": " + Math.max(min, 1) + "`";
      if (YamlNodes.isScalar(v, Tag.STR) && parseLong(YamlNodes.text(v).trim()).isPresent()) {
        detail = "write `" + key + ": " + YamlNodes.text(v).trim() + "` without quotes";
      }
      ctx.error(v, "`" + child(key) + "` must be a whole number, not " + YamlNodes.describe(v), detail);
      return Optional.empty();
    }
    Optional<Long> n = parseLong(YamlNodes.text(v));
    if (n.isEmpty() || n.get() < min || n.get() > max) {
      String range = max >= Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
      ctx.error(v, "`" + child(key) + "` must be " + range + ", not " + YamlNodes.text(v),
          "write a whole number " + range);
      return Optional.empty();
    }
    return n;
  }

  /** A number, whole or decimal, greater than zero. */
  Optional<Double> positiveNumber(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    Node v = value(key);
    Optional<Double> d = Optional.empty();
    if (YamlNodes.isScalar(v, Tag.INT)) {
      d = parseLong(YamlNodes.text(v)).map(Long::doubleValue);
    } else if (YamlNodes.isScalar(v, Tag.FLOAT)) {
      try {
        d = Optional.of(Double.parseDouble(YamlNodes.text(v).replace("_", "")));
      } catch (NumberFormatException e) {
        d = Optional.empty();
      }
    } else {
      ctx.error(v, "`" + child(key) + "` must be a number, not " + YamlNodes.describe(v),
          "write a number without quotes, for example `" + key + ": 2` or `" + key + ": 1.5`");
      return Optional.empty();
    }
    if (d.isEmpty() || !(d.get() > 0) || d.get().isInfinite()) {
      ctx.error(v, "`" + child(key) + "` must be a number greater than 0, not " + YamlNodes.text(v),
          "write a positive number, for example `" + key + ": 2` or `" + key + ": 1.5`");
      return Optional.empty();
    }
    return d;
  }

  Optional<Boolean> bool(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    Node v = value(key);
    if (!YamlNodes.isScalar(v, Tag.BOOL)) {
      ctx.error(v, "`" + child(key) + "` must be true or false, not " + YamlNodes.describe(v),
          "write `" + key + ": true` or `" + key + ": false` without quotes");
      return Optional.empty();
    }
    String t = YamlNodes.text(v).toLowerCase();
    return Optional.of(t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y"));
  }

  /** One of an enum's spellings; anything else is reported with the closest spelling. */
  <E extends Enum<E>> Optional<E> choice(String key, Class<E> type) {
    Optional<String> s = string(key);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<E> e = Wire.parse(type, s.get());
    if (e.isEmpty()) {
      List<String> names = Wire.names(type);
      ctx.error(value(key), "`" + child(key) + "` cannot be `" + s.get() + "`"
              + Suggestions.didYouMean(s.get(), names),
          "write one of: " + String.join(", ", names));
    }
    return e;
  }

  /** A list of strings; bad items are reported and left out. A single string is reported as "not a list". */
  Optional<List<Item>> strings(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    Node v = value(key);
    if (!(v instanceof SequenceNode seq)) {
      String example = YamlNodes.isScalar(v, Tag.STR) ? "[" + YamlNodes.text(v) + "]" : "[a, b]";
      ctx.error(v, "`" + child(key) + "` must be a list, not " + YamlNodes.describe(v),
          "write a list, for example `" + key + ": " + example + "`");
      return Optional.empty();
    }
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      scalarString(item, child(key) + "[" + i + "]", key).ifPresent(s -> out.add(new Item(s, item)));
    }
    return Optional.of(out);
  }

  /** YAML 1.1 integers as SnakeYAML tags them: decimal, 0x hex, 0 octal, 0b binary, with _ separators. */
  static Optional<Long> parseLong(String text) {
    String t = text.replace("_", "");
    boolean negative = t.startsWith("-");
    if (t.startsWith("-") || t.startsWith("+")) {
      t = t.substring(1);
    }
    try {
      long n;
      if (t.startsWith("0x")) {
        n = Long.parseLong(t.substring(2), 16);
      } else if (t.startsWith("0b")) {
        n = Long.parseLong(t.substring(2), 2);
      } else if (t.length() > 1 && t.startsWith("0")) {
        n = Long.parseLong(t.substring(1), 8);
      } else {
        n = Long.parseLong(t);
      }
      return Optional.of(negative ? -n : n);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
