package dev.nixinfra.core.plan;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.State;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What apply will do, exactly. Immutable; holds no secrets, so it may be saved to a file and applied later.
 *
 * @param prior the refreshed state the plan was made against; its lineage and serial are those read from the
 *     store (refresh does not bump the serial), so apply refuses the plan once the stored state moved on
 * @param changes one change per resource in the configuration or in state, sorted by address; no-ops included
 * @param adopted resources refresh found in the real world although state did not record them (a run died
 *     after making them); they are in {@code prior} and apply records them before anything else
 * @param targets the addresses given with --target, empty when the whole configuration is planned
 * @param diagnostics warnings found while planning (a plan with errors is never made)
 */
public record Plan(
    String stack,
    PlanMode mode,
    State prior,
    List<Change> changes,
    List<Drift> drift,
    SortedSet<Address> adopted,
    SortedSet<Address> targets,
    List<Diagnostic> diagnostics) {
  public Plan {
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(prior, "prior");
    changes = changes.stream().sorted(java.util.Comparator.comparing(Change::address)).toList();
    drift = List.copyOf(drift);
    adopted = Collections.unmodifiableSortedSet(new TreeSet<>(adopted));
    targets = Collections.unmodifiableSortedSet(new TreeSet<>(targets));
    diagnostics = List.copyOf(diagnostics);
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
      throw new IllegalArgumentException("a plan with errors cannot be made");
    }
    long distinct = changes.stream().map(Change::address).distinct().count();
    if (distinct != changes.size()) {
      throw new IllegalArgumentException("two changes for one resource");
    }
  }

  /** True when refresh found the state out of date, so apply must record the refreshed state first. */
  public boolean refreshChangedState() {
    return !drift.isEmpty() || !adopted.isEmpty();
  }

  public Summary summary() {
    return Summary.of(changes);
  }

  /** True when apply would change nothing. */
  public boolean isEmpty() {
    return summary().isEmpty();
  }

  public Optional<Change> change(Address address) {
    return changes.stream().filter(c -> c.address().equals(address)).findFirst();
  }
}
