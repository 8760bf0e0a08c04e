package dev.nixinfra.cli.command;

import static dev.nixinfra.core.model.ResourceTypes.BUILDER;
import static dev.nixinfra.core.model.ResourceTypes.CLIENT;
import static dev.nixinfra.core.model.ResourceTypes.CLIENT_KEY;
import static dev.nixinfra.core.model.ResourceTypes.TENANT;

import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.cli.render.CheckJson;
import dev.nixinfra.cli.render.CheckRenderer;
import dev.nixinfra.cli.render.Style;
import dev.nixinfra.core.check.CheckPair;
import dev.nixinfra.core.check.CheckReport;
import dev.nixinfra.core.check.CheckRunner;
import dev.nixinfra.core.config.ClientConfig;
import dev.nixinfra.core.config.TenantConfig;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.provider.FleetChecker;
import dev.nixinfra.core.provider.OperationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check", description = {
    "Prove that every client really builds on each of its builders: ssh from the client as root, the builder's "
        + "store, and a probe build of a unique trivial derivation through that builder only.",
    "Exit status 1 when any check fails; each failure comes with its cause and the fix."})
final class CheckCommand extends BaseCommand {
  @Mixin ConfigOption config;

  @Option(names = "--json", description = "Print the result as one JSON document.")
  boolean json;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "4",
      description = "Pairs checked at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(cli(), config.file);
    views().warnings(ws.warnings());
    State state = Planning.readState(ws.store()).orElse(State.empty());
    Optional<FleetChecker> checker = ws.providers().forType(CLIENT)
        .filter(FleetChecker.class::isInstance).map(FleetChecker.class::cast);
    OperationContext context = new OperationContext(new Address(CLIENT, "check"),
        (address, line) -> cli().err().println(address + ": " + line), () -> false);
    CheckReport report = new CheckRunner(checker, Math.max(1, parallelism)).run(pairs(ws), state, context);
    if (json) {
      new CheckJson(cli().out()).render(report);
    } else {
      new CheckRenderer(cli().out(), Style.of(cli().colour())).render(report);
    }
    return report.passed() ? ExitCodes.OK : ExitCodes.ERROR;
  }

  private static List<CheckPair> pairs(Workspace ws) {
    List<CheckPair> out = new ArrayList<>();
    for (ClientConfig c : ws.config().clients().values()) {
      for (String b : c.builders()) {
        // Through a tenant, the client reaches the tenant's user and store: that is what is checked.
        Address builder = ws.config().builders().get(b).tenantOf(c.name())
            .map(t -> new Address(TENANT, TenantConfig.resourceName(b, t.name())))
            .orElse(new Address(BUILDER, b));
        out.add(new CheckPair(new Address(CLIENT, c.name()), new Address(CLIENT_KEY, c.name()), builder));
      }
    }
    return out;
  }
}
