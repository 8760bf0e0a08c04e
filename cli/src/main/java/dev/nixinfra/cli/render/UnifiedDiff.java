package dev.nixinfra.cli.render;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unified diff of a file nixinfra will write, for {@code plan} to show: {@code ---}/{@code +++} headers naming the
 * file ({@code /dev/null} for a file that does not exist yet or will be deleted), hunks with 3 lines of context.
 * A last line without a newline is marked {@code \ No newline at end of file}, as git and diff do, so a change of
 * only the final newline still shows. The diff itself is java-diff-utils' Myers diff.
 */
public final class UnifiedDiff {
  static final int CONTEXT = 3;
  private static final String NO_NEWLINE = "\\ No newline at end of file";
  private static final Pattern EMPTY_RANGE = Pattern.compile("([-+])(\\d+),0(?=\\s)");

  private UnifiedDiff() {}

  /**
   * The diff from {@code before} to {@code after} of the file at {@code path}; empty text when they are equal.
   *
   * @param before the current text, empty when the file does not exist
   * @param after the text to write, empty when the file will be deleted
   */
  public static String of(String path, Optional<String> before, Optional<String> after) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    if (before.equals(after)) {
      return "";
    }
    List<String> oldLines = lines(before.orElse(""));
    List<String> newLines = lines(after.orElse(""));
    Patch<String> patch = DiffUtils.diff(oldLines, newLines);
    List<String> out = UnifiedDiffUtils.generateUnifiedDiff(
        before.isPresent() ? path : "/dev/null", after.isPresent() ? path : "/dev/null", oldLines, patch, CONTEXT);
    if (out.isEmpty()) {
      // An empty file created or deleted: headers only.
      out = List.of("--- " + (before.isPresent() ? path : "/dev/null"),
          "+++ " + (after.isPresent() ? path : "/dev/null"));
    }
    StringBuilder text = new StringBuilder();
    out.forEach(l -> text.append(l.startsWith("@@") ? emptyRanges(l) : l).append('\n'));
    return text.toString();
  }

  /** {@link #of(String, Optional, Optional)} for a file that exists before and after. */
  public static String of(String path, String before, String after) {
    return of(path, Optional.of(before), Optional.of(after));
  }

  /**
   * java-diff-utils starts an empty range at the line after it ({@code -1,0}); diff and git start it at the line
   * before ({@code -0,0}), which is what {@code patch} expects.
   */
  private static String emptyRanges(String hunkHeader) {
    Matcher m = EMPTY_RANGE.matcher(hunkHeader);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, m.group(1) + Math.max(0, Integer.parseInt(m.group(2)) - 1) + ",0");
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Lines without their LF; a last line lacking one carries the no-newline marker on a line of its own, so it
   * differs from the same line with a newline and prints as git prints it.
   */
  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    String last = lines.remove(lines.size() - 1);
    if (!last.isEmpty()) {
      lines.add(last + "\n" + NO_NEWLINE);
    }
    return lines;
  }
}
