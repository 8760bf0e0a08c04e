package dev.nixinfra.cli.command;

import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Plan;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Show the current state, or a saved plan.")
final class ShowCommand extends BaseCommand {
  @Parameters(arity = "0..1", paramLabel = "PLANFILE", description = "A plan saved with 'plan --out'.")
  String planFile;

  @Mixin ConfigOption config;

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Override
  public Integer call() {
    Views views = views();
    if (planFile != null) {
      Plan plan = SavedPlans.read(cli().resolve(planFile), planFile);
      if (json) {
        views.jsonPlan(plan);
      } else {
        views.plan(plan);
      }
      return ExitCodes.OK;
    }
    Workspace ws = Workspace.open(cli(), config.file);
    Optional<State> state = Planning.readState(ws.store());
    if (json) {
      views.jsonState(state);
    } else if (state.isEmpty() || state.get().resources().isEmpty()) {
      cli().out().println("No state. Nothing has been applied with " + config.file + " yet.");
    } else {
      views.state(state.get());
    }
    return ExitCodes.OK;
  }
}
