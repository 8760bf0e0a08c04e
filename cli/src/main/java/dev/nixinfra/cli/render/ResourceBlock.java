package dev.nixinfra.cli.render;

import static dev.nixinfra.cli.render.ValueFormatter.format;
import static dev.nixinfra.cli.render.ValueFormatter.pad;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.plan.Action;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One {@code resource "type" "name" { ... }} block of a human plan. Collect attribute lines with the methods
 * below, then {@link #write} it: the block line, the attribute lines with their {@code =} aligned, the
 * {@code # (N unchanged attributes hidden)} line when some were hidden, and the closing brace.
 *
 * <p>Layout: the block's symbol takes columns 0–2, attribute symbols columns 4–6 and attribute names start at
 * column {@value #NAME_COLUMN}; nested values indent from there (see {@link ValueFormatter}). Not thread-safe.
 */
final class ResourceBlock {
  static final int NAME_COLUMN = 8;

  private record Line(Action marker, String name, String value, String comment) {}

  private final Style style;
  private final Action action;
  private final Address address;
  private final List<Line> lines = new ArrayList<>();
  private int hidden;

  ResourceBlock(Style style, Action action, Address address) {
    this.style = style;
    this.action = action;
    this.address = address;
  }

  /** A line {@code + name = value}, for an attribute that is being created. */
  ResourceBlock added(String name, Object value) {
    lines.add(new Line(Action.CREATE, name, format(value, NAME_COLUMN), ""));
    return this;
  }

  /** A line {@code - name = value -> null}, for an attribute that goes away. */
  ResourceBlock removed(String name, Object value) {
    lines.add(new Line(Action.DELETE, name, format(value, NAME_COLUMN) + " -> null", ""));
    return this;
  }

  /** A line {@code name = value} without a symbol, for an unchanged attribute that is worth showing. */
  ResourceBlock unchanged(String name, Object value, String comment) {
    lines.add(new Line(Action.NO_OP, name, format(value, NAME_COLUMN), comment));
    return this;
  }

  /**
   * The line for an attribute that differs between {@code before} and {@code after} (either may be absent):
   * {@code +}, {@code -}, or {@code ~ name = old -> new}; two maps are compared key by key.
   *
   * @param comment already styled, such as {@code # forces replacement}; empty for none
   */
  ResourceBlock changed(String name, Optional<Object> before, Optional<Object> after, String comment) {
    if (before.isEmpty()) {
      lines.add(new Line(Action.CREATE, name, format(after.orElseThrow(), NAME_COLUMN), comment));
    } else if (after.isEmpty()) {
      lines.add(new Line(Action.DELETE, name, format(before.get(), NAME_COLUMN) + " -> null", comment));
    } else if (before.get() instanceof Map<?, ?> b && after.get() instanceof Map<?, ?> a) {
      lines.add(new Line(Action.UPDATE, name, mapDiff(b, a), comment));
    } else if (isText(before.get()) && isText(after.get())) {
      lines.add(new Line(Action.UPDATE, name, textDiff((String) before.get(), (String) after.get(), NAME_COLUMN),
          comment));
    } else {
      lines.add(new Line(Action.UPDATE, name,
          format(before.get(), NAME_COLUMN) + " -> " + format(after.get(), NAME_COLUMN), comment));
    }
    return this;
  }

  /** Text of several lines, such as a file's content: changes to it are shown as a unified diff. */
  private static boolean isText(Object value) {
    return value instanceof String s && s.indexOf('\n') >= 0;
  }

  /** The unified diff of two texts as a heredoc, removed lines red and added ones green. */
  private String textDiff(String before, String after, int indent) {
    List<String> lines = UnifiedDiff.of(address.toString(), before, after).lines()
        .skip(2) // the ---/+++ header: the file's path heads the entry already
        .map(l -> l.startsWith("-") ? style.red(l) : l.startsWith("+") ? style.green(l) : l).toList();
    return ValueFormatter.heredoc(lines, indent);
  }

  /** Counts attributes left out, for the {@code # (N unchanged attributes hidden)} line. */
  ResourceBlock hide(int count) {
    hidden += count;
    return this;
  }

  /** Every attribute whose value differs between the two, each as {@link #changed}; the rest hidden. */
  ResourceBlock diff(Attributes before, Attributes after, java.util.function.Function<String, String> comments) {
    TreeSet<String> names = new TreeSet<>(before.names());
    names.addAll(after.names());
    for (String n : names) {
      Optional<Object> b = before.get(n);
      Optional<Object> a = after.get(n);
      String comment = comments.apply(n);
      if (!Objects.equals(b, a)) {
        changed(n, b, a, comment);
      } else if (!comment.isEmpty()) {
        unchanged(n, a.orElseThrow(), comment);
      } else {
        hidden++;
      }
    }
    return this;
  }

  void write(PrintWriter out) {
    out.println(style.paddedSymbol(action) + " resource " + ValueFormatter.quote(address.type()) + " "
        + ValueFormatter.quote(address.name()) + " {");
    int width = lines.stream().mapToInt(l -> l.name().length()).max().orElse(0);
    for (Line l : lines) {
      StringBuilder b = new StringBuilder(pad(4)).append(style.paddedSymbol(l.marker())).append(' ')
          .append(l.name()).append(pad(width - l.name().length())).append(" = ").append(l.value());
      if (!l.comment().isEmpty()) {
        b.append(' ').append(l.comment());
      }
      out.println(b);
    }
    if (hidden > 0) {
      out.println(pad(NAME_COLUMN) + hiddenNote(hidden, "attribute"));
    }
    out.println(pad(4) + "}");
  }

  static String hiddenNote(int count, String noun) {
    return "# (" + count + " unchanged " + noun + (count == 1 ? "" : "s") + " hidden)";
  }

  /** Two maps compared key by key: {@code ~ k = old -> new}, {@code + k = new}, {@code - k = old -> null}. */
  private String mapDiff(Map<?, ?> before, Map<?, ?> after) {
    TreeSet<String> keys = new TreeSet<>();
    before.keySet().forEach(k -> keys.add((String) k));
    after.keySet().forEach(k -> keys.add((String) k));
    int indent = NAME_COLUMN + 4;
    int width = keys.stream().filter(k -> !Objects.equals(before.get(k), after.get(k)))
        .mapToInt(k -> ValueFormatter.key(k).length()).max().orElse(0);
    int same = 0;
    StringBuilder b = new StringBuilder("{\n");
    for (String k : keys) {
      Object old = before.get(k);
      Object now = after.get(k);
      if (Objects.equals(old, now)) {
        same++;
        continue;
      }
      String key = ValueFormatter.key(k);
      Action marker = old == null ? Action.CREATE : now == null ? Action.DELETE : Action.UPDATE;
      String value = switch (marker) {
        case CREATE -> format(now, indent);
        case DELETE -> format(old, indent) + " -> null";
        default -> isText(old) && isText(now) ? textDiff((String) old, (String) now, indent)
            : format(old, indent) + " -> " + format(now, indent);
      };
      b.append(pad(indent - 2)).append(style.symbol(marker)).append(' ').append(key)
          .append(pad(width - key.length())).append(" = ").append(value).append('\n');
    }
    if (same > 0) {
      b.append(pad(indent)).append(hiddenNote(same, "element")).append('\n');
    }
    return b.append(pad(NAME_COLUMN)).append('}').toString();
  }
}
