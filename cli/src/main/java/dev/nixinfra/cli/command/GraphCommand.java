package dev.nixinfra.cli.command;

import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.core.graph.DependencyGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "graph", description = {"Print the resource graph of the configuration as Graphviz DOT.",
    "Edges point from a resource to what it depends on. Render with: nixinfra graph | dot -Tsvg > graph.svg"})
final class GraphCommand extends BaseCommand {
  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(cli(), config.file);
    views().warnings(ws.warnings());
    cli().out().print(DependencyGraph.of(ws.desired().dependencies()).toDot());
    return ExitCodes.OK;
  }
}
