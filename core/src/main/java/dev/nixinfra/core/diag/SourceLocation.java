package dev.nixinfra.core.diag;

import java.util.Objects;

/**
 * A place in a file the user wrote. Lines and columns are 1-based, as editors show them.
 *
 * @param file the path as the user named it (not made absolute, so messages read the way the user typed it)
 */
public record SourceLocation(String file, int line, int column) {
  public SourceLocation {
    Objects.requireNonNull(file, "file");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
