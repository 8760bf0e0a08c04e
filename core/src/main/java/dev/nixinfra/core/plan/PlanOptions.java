package dev.nixinfra.core.plan;

import dev.nixinfra.core.model.Address;
import java.util.Objects;
import java.util.Set;

/**
 * How to plan.
 *
 * @param refresh read the real world before diffing; false plans from state alone and contacts nothing
 * @param targets when not empty, plan only these resources and what they depend on (or, destroying, what
 *     depends on them)
 * @param replace resources to replace even where an update or nothing would do
 * @param prune delete objects that carry this stack's marks but are neither configured nor in state
 */
public record PlanOptions(PlanMode mode, boolean refresh, Set<Address> targets, Set<Address> replace,
    boolean prune) {
  public PlanOptions {
    Objects.requireNonNull(mode, "mode");
    targets = Set.copyOf(targets);
    replace = Set.copyOf(replace);
  }

  public static PlanOptions defaults() {
    return new PlanOptions(PlanMode.NORMAL, true, Set.of(), Set.of(), false);
  }
}
