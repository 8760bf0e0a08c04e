package dev.nixinfra.cli.command;

import dev.nixinfra.core.model.Address;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options that shape a plan, shared by plan, apply and destroy. */
final class PlanningOptions {
  @Option(names = "--refresh", arity = "0..1", defaultValue = "true", fallbackValue = "true",
      paramLabel = "BOOL",
      description = "Read the real world before planning (default: true). --refresh=false plans from state "
          + "alone and contacts nothing.")
  boolean refresh;

  @Option(names = "--target", paramLabel = "ADDR", converter = AddressConverter.class,
      description = "Plan only this resource and what it depends on. Repeatable.")
  List<Address> targets = new ArrayList<>();

  @Option(names = "--prune",
      description = "Also delete objects that carry this stack's labels but are neither configured nor in state.")
  boolean prune;
}
