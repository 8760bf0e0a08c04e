package dev.nixinfra.cli.command;

import dev.nixinfra.core.plan.PlanMode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "destroy", description = "Destroy everything nixinfra manages for this configuration.")
final class DestroyCommand extends BaseCommand {
  @Mixin ConfigOption config;
  @Mixin LockOptions lock;
  @Mixin PlanningOptions planning;
  @Mixin ApplyOptions apply;

  @Override
  public Integer call() {
    return new Applying(cli(), config.file, lock.lockTimeout, apply)
        .run(PlanMode.DESTROY, planning, List.of(), null);
  }
}
