package dev.nixinfra.providers.nix;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Edits the one block nixinfra owns inside a user's text file (nix.conf, authorized_keys, ssh_config), between
 *
 * <pre>
 * # BEGIN nixinfra (managed; do not edit)
 * ...
 * # END nixinfra
 * </pre>
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>The user's lines are never changed, reordered or re-ended; only the block and the one separating line
 *       nixinfra added before it are ours.
 *   <li>{@link #remove remove}({@link #upsert upsert}(t, c)) equals t for every text t without a block, including
 *       empty text, text without a final newline, and CRLF text.
 *   <li>The block's lines end like the file's: CRLF when the file's first line ending is CRLF, else LF.
 *   <li>A marker is a line that is exactly the marker text (trailing spaces and CR aside); user lines that merely
 *       mention nixinfra are not markers. Markers out of order, unpaired or doubled throw
 *       {@link DamagedBlockException}: guessing could delete user lines.
 * </ul>
 *
 * <p>Where the block goes when absent: at the end, after one empty line. A file that did not end in a newline gets
 * the newline it lacked plus the empty line, and the block then ends without one; that is how {@code remove} knows
 * to give the file back without a final newline.
 */
public final class ManagedBlock {
  public static final String BEGIN = "# BEGIN nixinfra (managed; do not edit)";
  public static final String END = "# END nixinfra";

  private ManagedBlock() {}

  /** The block's content: every line ending in LF; empty text for an empty block; empty when there is no block. */
  public static Optional<String> read(String text) {
    return find(text).map(b -> {
      StringBuilder content = new StringBuilder();
      for (int i = b.beginLine + 1; i < b.endLine; i++) {
        content.append(b.lines.get(i).body).append('\n');
      }
      return content.toString();
    });
  }

  /**
   * {@code text} with the block holding {@code content}: replaced in place when present, appended when absent.
   * {@code content} may use LF or CRLF and may or may not end in a newline; it must not contain a marker line.
   */
  public static String upsert(String text, String content) {
    Objects.requireNonNull(text, "text");
    List<String> body = contentLines(content);
    Optional<Block> found = find(text);
    String nl = newline(text);
    StringBuilder block = new StringBuilder(BEGIN).append(nl);
    body.forEach(l -> block.append(l).append(nl));
    block.append(END);
    if (found.isPresent()) {
      Block b = found.get();
      return text.substring(0, b.start()) + block + b.lines.get(b.endLine).ending + text.substring(b.end());
    }
    if (text.isEmpty()) {
      return block + nl;
    }
    if (text.endsWith("\n")) {
      return text + nl + block + nl;
    }
    return text + nl + nl + block;
  }

  /** {@code text} without the block and the empty line nixinfra put before it; {@code text} itself when absent. */
  public static String remove(String text) {
    Objects.requireNonNull(text, "text");
    Optional<Block> found = find(text);
    if (found.isEmpty()) {
      return text;
    }
    Block b = found.get();
    String before = text.substring(0, b.start());
    String after = text.substring(b.end());
    boolean endedWithoutNewline = b.lines.get(b.endLine).ending.isEmpty();
    before = dropSeparator(before);
    if (endedWithoutNewline && after.isEmpty()) {
      // The newline nixinfra gave the user's last line; the file ended without one before.
      before = before.endsWith("\r\n") ? before.substring(0, before.length() - 2)
          : before.endsWith("\n") ? before.substring(0, before.length() - 1) : before;
    }
    return before + after;
  }

  /** True when the text holds a well-formed block. */
  public static boolean isPresent(String text) {
    return find(text).isPresent();
  }

  /**
   * Drops the empty line nixinfra put before the block: one trailing LF or CRLF, but only when it ends an empty
   * line, so a user line that the user moved right above the block keeps its ending.
   */
  private static String dropSeparator(String s) {
    String nl = s.endsWith("\r\n") ? "\r\n" : s.endsWith("\n") ? "\n" : "";
    if (nl.isEmpty()) {
      return s;
    }
    String rest = s.substring(0, s.length() - nl.length());
    // Only a separator we could have added: the text before it is empty or itself ends a line.
    return rest.isEmpty() || rest.endsWith("\n") || s.length() == nl.length() ? rest : s;
  }

  private static List<String> contentLines(String content) {
    Objects.requireNonNull(content, "content");
    String c = content.replace("\r\n", "\n");
    if (c.isEmpty()) {
      return List.of();
    }
    if (c.endsWith("\n")) {
      c = c.substring(0, c.length() - 1);
    }
    List<String> lines = List.of(c.split("\n", -1));
    for (String l : lines) {
      if (isMarker(l, BEGIN) || isMarker(l, END) || l.contains("\r")) {
        throw new IllegalArgumentException("block content must not hold a marker line or a lone CR: " + l);
      }
    }
    return lines;
  }

  /** CRLF when the text's first line ends in CRLF; LF otherwise (including text without any line ending). */
  static String newline(String text) {
    int i = text.indexOf('\n');
    return i > 0 && text.charAt(i - 1) == '\r' ? "\r\n" : "\n";
  }

  private static boolean isMarker(String body, String marker) {
    return body.stripTrailing().equals(marker);
  }

  /** The block, if the markers are exactly one BEGIN before one END; throws when they are anything else. */
  private static Optional<Block> find(String text) {
    Objects.requireNonNull(text, "text");
    List<Line> lines = split(text);
    List<Integer> begins = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (isMarker(lines.get(i).body, BEGIN)) {
        begins.add(i);
      } else if (isMarker(lines.get(i).body, END)) {
        ends.add(i);
      }
    }
    if (begins.isEmpty() && ends.isEmpty()) {
      return Optional.empty();
    }
    String fix = "; repair the markers by hand (keep one `" + BEGIN + "` ... `" + END + "` pair, or delete both"
        + " and the lines between them), then run nixinfra again";
    if (begins.size() > 1 || ends.size() > 1) {
      throw new DamagedBlockException("more than one nixinfra block: BEGIN on line(s) " + oneBased(begins)
          + ", END on line(s) " + oneBased(ends) + fix);
    }
    if (ends.isEmpty()) {
      throw new DamagedBlockException("line " + (begins.get(0) + 1) + " begins a nixinfra block that never ends"
          + fix);
    }
    if (begins.isEmpty()) {
      throw new DamagedBlockException("line " + (ends.get(0) + 1) + " ends a nixinfra block that never began"
          + fix);
    }
    if (ends.get(0) < begins.get(0)) {
      throw new DamagedBlockException("the nixinfra END marker (line " + (ends.get(0) + 1)
          + ") comes before its BEGIN marker (line " + (begins.get(0) + 1) + ")" + fix);
    }
    return Optional.of(new Block(lines, begins.get(0), ends.get(0)));
  }

  private static List<Integer> oneBased(List<Integer> indexes) {
    return indexes.stream().map(i -> i + 1).toList();
  }

  /** Lines with their offsets and their own endings ({@code "\n"}, {@code "\r\n"} or none for the last). */
  private static List<Line> split(String text) {
    List<Line> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      if (nl < 0) {
        lines.add(new Line(start, text.substring(start), ""));
        break;
      }
      boolean crlf = nl > start && text.charAt(nl - 1) == '\r';
      int bodyEnd = crlf ? nl - 1 : nl;
      lines.add(new Line(start, text.substring(start, bodyEnd), crlf ? "\r\n" : "\n"));
      start = nl + 1;
    }
    return lines;
  }

  private record Line(int offset, String body, String ending) {}

  private record Block(List<Line> lines, int beginLine, int endLine) {
    int start() {
      return lines.get(beginLine).offset;
    }

    /** Offset just after the END line's own line ending. */
    int end() {
      Line end = lines.get(endLine);
      return end.offset + end.body.length() + end.ending.length();
    }
  }
}
