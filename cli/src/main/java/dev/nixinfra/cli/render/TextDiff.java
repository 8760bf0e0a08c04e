package dev.nixinfra.cli.render;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.List;

/**
 * The hunks of a unified diff between two texts ({@code @@ -a,b +c,d @@}, then lines starting with a space,
 * {@code -} or {@code +}), without the {@code ---}/{@code +++} header: in a plan the file's path heads it.
 */
final class TextDiff {
  static final int CONTEXT = 3;

  private TextDiff() {}

  static List<String> hunks(String before, String after) {
    List<String> old = before.lines().toList();
    List<String> now = after.lines().toList();
    Patch<String> patch = DiffUtils.diff(old, now);
    List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("before", "after", old, patch, CONTEXT);
    List<String> hunks = unified.size() > 2 ? unified.subList(2, unified.size()) : List.of();
    if (before.endsWith("\n") != after.endsWith("\n") && !before.isEmpty() && !after.isEmpty()) {
      return append(hunks, "\\ the final newline is " + (after.endsWith("\n") ? "added" : "removed"));
    }
    return hunks;
  }

  private static List<String> append(List<String> lines, String line) {
    List<String> out = new java.util.ArrayList<>(lines);
    out.add(line);
    return out;
  }
}
