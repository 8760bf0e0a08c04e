package dev.nixinfra.core.apply;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Plan;
import java.util.Optional;

/** Refuses a saved plan whose state moved on since it was made. */
public final class StalePlanCheck {
  private StalePlanCheck() {}

  /**
   * @param current the state stored now; empty when none was ever written
   * @return why the plan may not be applied, or empty when it may
   */
  public static Optional<Diagnostic> check(Plan plan, Optional<State> current) {
    State made = plan.prior();
    if (current.isEmpty()) {
      if (made.serial() == 0 && made.resources().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(Diagnostic.error("saved plan does not match the state: the plan was made against serial "
          + made.serial() + ", but there is no state now",
          "The state was removed or moved after the plan was made. Run plan again."));
    }
    State now = current.get();
    if (!now.lineage().equals(made.lineage())) {
      return Optional.of(Diagnostic.error("saved plan does not match the state: it was made for state lineage "
          + made.lineage() + ", but the state has lineage " + now.lineage(),
          "The plan belongs to another state. Run plan again against this one."));
    }
    if (now.serial() != made.serial()) {
      return Optional.of(Diagnostic.error("saved plan is stale: the state was changed by another run after the "
          + "plan was made (serial " + made.serial() + " then, " + now.serial() + " now)",
          "Run plan again and review the new plan."));
    }
    return Optional.empty();
  }
}
