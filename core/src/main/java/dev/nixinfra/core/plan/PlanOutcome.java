package dev.nixinfra.core.plan;

import dev.nixinfra.core.diag.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A plan, or the errors that stopped it; warnings in either case. */
public record PlanOutcome(Optional<Plan> plan, List<Diagnostic> diagnostics) {
  public PlanOutcome {
    Objects.requireNonNull(plan, "plan");
    diagnostics = List.copyOf(diagnostics);
    boolean errors = diagnostics.stream().anyMatch(Diagnostic::isError);
    if (errors == plan.isPresent()) {
      throw new IllegalArgumentException("a plan outcome has a plan exactly when it has no errors");
    }
  }
}
