package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliContext;
import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanMode;
import dev.nixinfra.core.plan.PlanOptions;
import dev.nixinfra.core.plan.PlanOutcome;
import dev.nixinfra.core.plan.Planner;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reading state and making a plan, as plan, apply and destroy all do. The caller holds the state lock. */
final class Planning {
  private Planning() {}

  static Optional<State> readState(StateStore store) {
    try {
      return store.read();
    } catch (StateException e) {
      throw new CliFailure("cannot read the state: " + e.getMessage(), "");
    }
  }

  /** Plans against the stored state; shows warnings; throws {@link CliFailure} on errors. */
  static Plan plan(CliContext cli, Workspace ws, PlanMode mode, PlanningOptions options, List<Address> replace) {
    State prior = readState(ws.store()).orElseGet(State::empty);
    // Refresh output is about each resource it reads; the context's own address only names the whole refresh.
    OperationContext context = new OperationContext(new Address("refresh", ws.desired().stack()),
        (a, line) -> cli.err().println(a + ": " + line), () -> cli.cancelled().get());
    PlanOutcome outcome = new Planner(ws.providers()).plan(ws.desired(), prior,
        new PlanOptions(mode, options.refresh, Set.copyOf(options.targets), Set.copyOf(replace), options.prune),
        context);
    if (outcome.plan().isEmpty()) {
      throw new CliFailure(outcome.diagnostics());
    }
    return outcome.plan().get();
  }
}
