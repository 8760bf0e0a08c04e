package dev.nixinfra.state.json;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A JSON document is not a valid file of the expected kind. The message is for the user and says where
 * ({@code line 12, column 5: }) when the place is known, then what is wrong, with no Jackson internals.
 * Callers add which file it was and what to do about it.
 */
public final class InvalidJsonException extends Exception {
  private final int line;
  private final int column;
  private final String problem;

  /**
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   */
  public InvalidJsonException(int line, int column, String problem) {
    super(format(line, column, problem), null, false, false);
    this.line = line;
    this.column = column;
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  private static String format(int line, int column, String problem) {
    if (line <= 0) {
      return problem;
    }
    return "line " + line + (column > 0 ? ", column " + column : "") + ": " + problem;
  }

  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }

  public OptionalInt column() {
    return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }
}
