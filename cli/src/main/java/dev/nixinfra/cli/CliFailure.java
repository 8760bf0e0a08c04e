package dev.nixinfra.cli;

import dev.nixinfra.core.diag.Diagnostic;
import java.util.List;

/**
 * Ends a command with problems for the user: they are shown together and the command exits with 1. Commands throw
 * it; only the entry point turns it into output and an exit code.
 */
public final class CliFailure extends RuntimeException {
  private final List<Diagnostic> diagnostics;

  public CliFailure(List<Diagnostic> diagnostics) {
    super(diagnostics.isEmpty() ? "failed" : diagnostics.get(0).summary(), null, false, false);
    this.diagnostics = List.copyOf(diagnostics);
  }

  public CliFailure(String summary, String detail) {
    this(List.of(Diagnostic.error(summary, detail)));
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
