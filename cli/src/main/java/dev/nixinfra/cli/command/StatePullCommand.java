package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.core.model.State;
import dev.nixinfra.state.json.StateJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code state pull}: the current state on standard output, in exactly the state file format ({@link StateJson}),
 * so {@code state pull > FILE}, an edit and {@code state push FILE} round-trip. Nothing else goes to standard
 * output. The state holds no secrets (see docs/state.md), so printing it shows none.
 */
@Command(name = "pull", description = {"Print the current state as JSON, in the state file format.",
    "Nothing else is printed on standard output, so 'nixinfra state pull > backup.json' saves it."})
final class StatePullCommand extends BaseCommand {
  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(cli(), config.file);
    State state = Planning.readState(ws.store()).orElseThrow(() -> new CliFailure(
        "there is no state to pull: nothing was ever written to " + ws.store().describe(),
        "Run 'nixinfra apply' first, or check that -f names the configuration you meant."));
    cli().out().print(StateJson.write(state));
    cli().out().flush();
    return ExitCodes.OK;
  }
}
