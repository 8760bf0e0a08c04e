package dev.nixinfra.cli.render;

import dev.nixinfra.core.model.Ref;
import dev.nixinfra.core.model.Unknown;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Formats one attribute value in the plan's HCL-like notation: strings quoted, numbers and booleans bare,
 * {@code (known after apply)} for {@link Unknown} and {@link Ref}, short flat lists inline as {@code [ "a", "b" ]},
 * other lists and all non-empty maps over several lines, text of several lines (file contents) as a heredoc.
 *
 * <p>{@code indent} is the column at which the attribute's name starts. Nested lines are indented four more and the
 * closing bracket sits at {@code indent}, so a multi-line value reads as a block under its name. The first line
 * carries no indentation (it follows {@code name = }); the result has no trailing newline.
 */
final class ValueFormatter {
  /** Lists longer than this, written on one line, go over several lines. */
  static final int INLINE_LIMIT = 72;
  static final String KNOWN_AFTER_APPLY = "(known after apply)";
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private ValueFormatter() {}

  static String format(Object value, int indent) {
    if (value instanceof Unknown || value instanceof Ref) {
      return KNOWN_AFTER_APPLY;
    }
    if (value instanceof String s) {
      return s.indexOf('\n') >= 0 ? heredoc(s.lines().toList(), indent) : quote(s);
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? d.toString() : new BigDecimal(d).stripTrailingZeros().toPlainString();
    }
    if (value instanceof List<?> list) {
      return list(list, indent);
    }
    if (value instanceof Map<?, ?> map) {
      return map(map, indent);
    }
    return String.valueOf(value); // Long, Boolean
  }

  /** A map key as written in a plan: bare when it is an identifier, else quoted. */
  static String key(String key) {
    return BARE_KEY.matcher(key).matches() ? key : quote(key);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /**
   * Lines of text as a heredoc: {@code <<-EOT}, each line indented four more than {@code indent}, {@code EOT} at
   * {@code indent}. Used for file contents, whose lines read better than one escaped string.
   */
  static String heredoc(List<String> lines, int indent) {
    StringBuilder b = new StringBuilder("<<-EOT\n");
    for (String line : lines) {
      b.append(line.isEmpty() ? "" : pad(indent + 4) + line).append('\n');
    }
    return b.append(pad(indent)).append("EOT").toString();
  }

  static String pad(int n) {
    return " ".repeat(n);
  }

  private static String list(List<?> list, int indent) {
    if (list.isEmpty()) {
      return "[]";
    }
    boolean flat = list.stream().noneMatch(v -> v instanceof List || v instanceof Map);
    if (flat) {
      StringBuilder b = new StringBuilder("[ ");
      for (int i = 0; i < list.size(); i++) {
        b.append(i == 0 ? "" : ", ").append(format(list.get(i), indent));
      }
      String inline = b.append(" ]").toString();
      if (inline.length() <= INLINE_LIMIT) {
        return inline;
      }
    }
    StringBuilder b = new StringBuilder("[\n");
    for (Object v : list) {
      b.append(pad(indent + 4)).append(format(v, indent + 4)).append(",\n");
    }
    return b.append(pad(indent)).append(']').toString();
  }

  private static String map(Map<?, ?> map, int indent) {
    if (map.isEmpty()) {
      return "{}";
    }
    int width = map.keySet().stream().mapToInt(k -> key((String) k).length()).max().orElse(0);
    StringBuilder b = new StringBuilder("{\n");
    map.forEach((k, v) -> {
      String key = key((String) k);
      b.append(pad(indent + 4)).append(key).append(pad(width - key.length())).append(" = ")
          .append(format(v, indent + 4)).append('\n');
    });
    return b.append(pad(indent)).append('}').toString();
  }
}
