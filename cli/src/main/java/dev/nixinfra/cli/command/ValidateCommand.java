package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.graph.DependencyGraph;
import dev.nixinfra.core.model.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "validate",
    description = "Check the configuration file; reads no state and contacts nothing.")
final class ValidateCommand extends BaseCommand {
  @Mixin ConfigOption config;

  @Option(names = "--json", description = "Print the result as one JSON document.")
  boolean json;

  @Override
  public Integer call() {
    List<Diagnostic> found = new ArrayList<>();
    boolean valid;
    try {
      Workspace ws = Workspace.open(cli(), config.file);
      found.addAll(ws.warnings());
      DependencyGraph.of(ws.desired().dependencies()).findCycle().ifPresent(c -> found.add(Diagnostic.error(
          "the resources depend on each other in a cycle: "
              + c.stream().map(Address::toString).collect(Collectors.joining(" -> ")),
          "Remove one of these dependencies.")));
      valid = found.stream().noneMatch(Diagnostic::isError);
    } catch (CliFailure e) {
      found.addAll(e.diagnostics());
      valid = false;
    }
    Views views = views();
    if (json) {
      views.jsonValidation(found);
    } else {
      views.errors(found);
      if (valid) {
        cli().out().println("Success! The configuration is valid.");
      }
    }
    return valid ? ExitCodes.OK : ExitCodes.ERROR;
  }
}
