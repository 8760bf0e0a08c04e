package dev.nixinfra.core.diag;

import java.util.List;

/**
 * Thrown where a step cannot go on because of problems the user must fix. Carries all of them; the CLI shows each
 * and exits 1. The message is the first summary, for logs.
 */
public final class DiagnosticsException extends RuntimeException {
  private final List<Diagnostic> diagnostics;

  public DiagnosticsException(List<Diagnostic> diagnostics) {
    super(diagnostics.isEmpty() ? "failed" : diagnostics.get(0).summary(), null, false, false);
    this.diagnostics = List.copyOf(diagnostics);
  }

  public DiagnosticsException(Diagnostic diagnostic) {
    this(List.of(diagnostic));
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
