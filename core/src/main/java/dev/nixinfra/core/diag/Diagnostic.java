package dev.nixinfra.core.diag;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem the user can fix.
 *
 * @param summary what is wrong, one sentence, no trailing period needed
 * @param detail how to fix it; may be empty when the summary says it all
 * @param location where in the user's file, when the problem has a place
 * @param subject the resource address or other name the problem is about, when it has one
 */
public record Diagnostic(
    Severity severity,
    String summary,
    String detail,
    Optional<SourceLocation> location,
    Optional<String> subject) {
  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(subject, "subject");
    if (summary.isBlank()) {
      throw new IllegalArgumentException("a diagnostic needs a summary");
    }
  }

  public static Diagnostic error(SourceLocation at, String summary, String detail) {
    return new Diagnostic(Severity.ERROR, summary, detail, Optional.ofNullable(at), Optional.empty());
  }

  public static Diagnostic warning(SourceLocation at, String summary, String detail) {
    return new Diagnostic(Severity.WARNING, summary, detail, Optional.ofNullable(at), Optional.empty());
  }

  public static Diagnostic error(String summary, String detail) {
    return error(null, summary, detail);
  }

  public static Diagnostic warning(String summary, String detail) {
    return warning(null, summary, detail);
  }

  /** The same diagnostic, said about {@code subject} (a resource address, a builder name). */
  public Diagnostic about(String subject) {
    return new Diagnostic(severity, summary, detail, location, Optional.of(subject));
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
