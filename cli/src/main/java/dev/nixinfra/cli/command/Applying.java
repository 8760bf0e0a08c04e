package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliContext;
import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.core.apply.Applier;
import dev.nixinfra.core.apply.ApplyListener;
import dev.nixinfra.core.apply.ApplyResult;
import dev.nixinfra.core.apply.StalePlanCheck;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Action;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanMode;
import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What apply and destroy share: plan (or load a saved plan), confirm, execute, report. */
final class Applying {
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

  private final CliContext cli;
  private final String configFile;
  private final Duration lockTimeout;
  private final ApplyOptions options;

  Applying(CliContext cli, String configFile, Duration lockTimeout, ApplyOptions options) {
    this.cli = cli;
    this.configFile = configFile;
    this.lockTimeout = lockTimeout;
    this.options = options;
  }

  int run(PlanMode mode, PlanningOptions planning, List<Address> replace, String planFile) {
    if (options.parallelism < 1) {
      throw new CliFailure("--parallelism must be at least 1", "Give a whole number such as 10.");
    }
    Workspace ws = Workspace.open(cli, configFile);
    Views views = new Views(cli);
    views.warnings(ws.warnings());
    String operation = mode == PlanMode.DESTROY ? "destroy" : "apply";
    StateLock held = ws.lock(operation, lockTimeout);
    try {
      Plan plan;
      if (planFile != null) {
        plan = SavedPlans.read(cli.resolve(planFile), planFile);
        if (!plan.stack().equals(ws.desired().stack())) {
          throw new CliFailure("the saved plan is for stack '" + plan.stack() + "', but " + configFile
              + " is for stack '" + ws.desired().stack() + "'", "Apply the plan with the configuration it was "
              + "made from (-f), or make a new plan.");
        }
        Optional<Diagnostic> stale = StalePlanCheck.check(plan, Planning.readState(ws.store()));
        if (stale.isPresent()) {
          throw new CliFailure(List.of(stale.get()));
        }
        ready(ws, plan);
      } else {
        plan = Planning.plan(cli, ws, mode, planning, replace);
        views.plan(plan);
        if (plan.isEmpty()) {
          recordAdopted(ws, plan);
          views.applyComplete(0, 0, 0, mode);
          return ExitCodes.OK;
        }
        ready(ws, plan);
        if (!options.autoApprove && !confirmed(mode)) {
          cli.err().println(mode == PlanMode.DESTROY ? "Destroy cancelled." : "Apply cancelled.");
          return ExitCodes.ERROR;
        }
      }
      cli.out().println();
      Optional<RunLog> log = openLog(mode);
      ApplyListener listener = log.<ApplyListener>map(l -> new BothListeners(views.progress(), l))
          .orElseGet(views::progress);
      ApplyResult result;
      try {
        result = new Applier(ws.providers(), ws.store()::write, listener, options.parallelism,
            () -> cli.cancelled().get(), PROGRESS_INTERVAL).apply(plan);
      } finally {
        log.ifPresent(RunLog::close);
      }
      log.ifPresent(l -> cli.err().println("The log of this run: " + l.file()));
      return report(result, mode, ws, views);
    } finally {
      Workspace.unlock(held, cli);
    }
  }

  /**
   * With nothing to change, the Applier never runs, yet objects refresh adopted (a killed run made them) must
   * still reach state: otherwise every later plan adopts them again and destroy, which walks state, leaves them
   * running. So they are recorded here, as the Applier records them before its first change.
   */
  private static void recordAdopted(Workspace ws, Plan plan) {
    if (plan.adopted().isEmpty()) {
      return;
    }
    State prior = plan.prior();
    try {
      ws.store().write(new State(prior.lineage(), prior.serial() + 1, prior.resources()));
    } catch (StateException e) {
      throw new CliFailure("could not record the adopted " + plan.adopted() + " in state: " + e.getMessage(),
          "Nothing else changed; run apply again once the state can be written.");
    }
  }

  /** The run's log beside the configuration; without one (a read-only folder, say) the run goes on and says so. */
  private Optional<RunLog> openLog(PlanMode mode) {
    try {
      return Optional.of(RunLog.open(cli.resolve(configFile).toAbsolutePath().getParent(),
          mode == PlanMode.DESTROY ? "destroy" : "apply", Clock.systemUTC()));
    } catch (IOException e) {
      cli.err().println("Warning: no log of this run: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Fails before anything changes when a provider the plan needs cannot work, such as without its API token. */
  private static void ready(Workspace ws, Plan plan) {
    List<Diagnostic> problems = plan.changes().stream()
        .filter(c -> c.action() != Action.NO_OP)
        .map(c -> ws.providers().forType(c.address().type()))
        .flatMap(Optional::stream)
        .distinct()
        .map(Provider::readiness)
        .flatMap(Optional::stream)
        .toList();
    if (!problems.isEmpty()) {
      throw new CliFailure(problems);
    }
  }

  private boolean confirmed(PlanMode mode) {
    return mode == PlanMode.DESTROY
        ? Confirmation.ask(cli, "Do you really want to destroy all resources?",
            "nixinfra will destroy all your managed infrastructure, as shown above.",
            "There is no undo. Only 'yes' will be accepted to confirm.")
        : Confirmation.ask(cli, "Do you want to perform these actions?",
            "nixinfra will perform the actions described above.", "Only 'yes' will be accepted to approve.");
  }

  private int report(ApplyResult result, PlanMode mode, Workspace ws, Views views) {
    if (result.stateWriteFailure().isPresent()) {
      Path rescue = cli.resolve(configFile).resolveSibling("errored.nixinfra-state.json");
      try {
        SavedPlans.writeState(rescue, result.state());
      } catch (UncheckedIOException e) {
        cli.err().println("Could not save the state to " + rescue + " either: " + e.getCause().getMessage());
        cli.err().println("The state follows, so that nothing is lost; save it to a file:");
        cli.err().println(SavedPlans.stateText(result.state()));
      }
      views.errors(List.of(Diagnostic.error("failed to save the state: " + result.stateWriteFailure().get(),
          "What this run applied is saved in " + rescue + ". Once the cause is fixed, run 'nixinfra state "
              + "push " + rescue + "' to make it the current state.")));
    }
    if (!result.notStarted().isEmpty()) {
      cli.err().println("Stopped on request: " + result.notStarted().size()
          + " operation(s) were not started. Everything that finished is recorded in state.");
    }
    if (result.succeeded()) {
      views.applyComplete(result.added(), result.changed(), result.destroyed(), mode);
      return ExitCodes.OK;
    }
    List<Diagnostic> failures = result.failures().stream()
        .map(f -> Diagnostic.error(f.message(), "").about(f.address().toString())).toList();
    views.errors(failures);
    cli.err().println((mode == PlanMode.DESTROY ? "Destroy" : "Apply") + " failed: " + result.added()
        + " added, " + result.changed() + " changed, " + result.destroyed() + " destroyed; "
        + result.failures().size() + " failed, " + result.skipped().size() + " skipped. What succeeded is "
        + "recorded in state; run plan to see what is left.");
    return ExitCodes.ERROR;
  }
}
