package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.cli.render.StateHistoryRenderer;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateVersion;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code state history}: every snapshot the store kept, newest last, with when it was written, its lineage and how
 * many resources it holds. Read-only, so it takes no lock. An empty history is not an error: standard output
 * gets nothing (with {@code --json}, an empty list) and standard error says why.
 */
@Command(name = "history", description = {"List the state's snapshots, newest last.",
    "Any of them can be brought back with 'nixinfra state restore SERIAL'."})
final class StateHistoryCommand extends BaseCommand {
  @Mixin ConfigOption config;

  @Option(names = "--json", description = "Print the history as one JSON document.")
  boolean json;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(cli(), config.file);
    Optional<State> current = Planning.readState(ws.store());
    List<StateVersion> versions;
    try {
      versions = ws.store().history();
    } catch (StateException e) {
      throw new CliFailure("cannot read the state history: " + e.getMessage(), "");
    }
    if (versions.isEmpty()) {
      cli().err().println("No state history yet at " + ws.store().describe() + ": nothing was ever applied.");
    }
    StateHistoryRenderer renderer = new StateHistoryRenderer(cli().out());
    if (json) {
      renderer.renderJson(versions, current);
    } else if (!versions.isEmpty()) {
      renderer.render(versions, current);
    }
    return ExitCodes.OK;
  }
}
