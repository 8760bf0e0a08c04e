package dev.nixinfra.cli.command;

import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanMode;
import dev.nixinfra.core.state.StateLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "plan", description = "Show what apply would change, without changing anything.")
final class PlanCommand extends BaseCommand {
  @Mixin ConfigOption config;
  @Mixin LockOptions lock;
  @Mixin PlanningOptions planning;

  @Mixin ReplaceOption replace;

  @Option(names = "--destroy", description = "Plan to destroy every resource in state.")
  boolean destroy;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Save the plan to FILE, so that 'nixinfra apply FILE' does exactly this.")
  String out;

  @Option(names = "--json", description = "Print the plan as one JSON document.")
  boolean json;

  @Option(names = "--detailed-exitcode",
      description = "Exit 0 when there are no changes, 1 on error, 2 when there are changes.")
  boolean detailedExitCode;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(cli(), config.file);
    Views views = views();
    views.warnings(ws.warnings());
    Plan plan;
    StateLock held = ws.lock("plan", lock.lockTimeout);
    try {
      PlanMode mode = destroy ? PlanMode.DESTROY : PlanMode.NORMAL;
      plan = Planning.plan(cli(), ws, mode, planning, replace.replace);
    } finally {
      Workspace.unlock(held, cli());
    }
    if (json) {
      views.jsonPlan(plan);
    } else {
      views.plan(plan);
    }
    if (out != null) {
      SavedPlans.write(cli().resolve(out), plan);
      if (!json) {
        cli().out().println();
        cli().out().println("Saved the plan to: " + out);
        cli().out().println();
        cli().out().println("To perform exactly these actions, run the following command to apply:");
        cli().out().println("    nixinfra apply " + out);
      }
    } else if (!json && !plan.isEmpty()) {
      cli().out().println();
      cli().out().println("Note: You didn't use the --out option to save this plan, so nixinfra can't guarantee "
          + "to take exactly these actions if you run \"nixinfra apply\" now.");
    }
    if (detailedExitCode && !plan.isEmpty()) {
      return ExitCodes.CHANGES;
    }
    return ExitCodes.OK;
  }
}
