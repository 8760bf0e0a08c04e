package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.core.plan.PlanMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "apply", description = {"Make the real world match the configuration.",
    "With PLANFILE, execute exactly that saved plan (refused if the state moved on since it was made)."})
final class ApplyCommand extends BaseCommand {
  @Parameters(arity = "0..1", paramLabel = "PLANFILE", description = "A plan saved with 'plan --out'.")
  String planFile;

  @Mixin ConfigOption config;
  @Mixin LockOptions lock;
  @Mixin PlanningOptions planning;
  @Mixin ApplyOptions apply;

  @Mixin ReplaceOption replace;

  @Override
  public Integer call() {
    if (planFile != null && (!planning.targets.isEmpty() || !replace.replace.isEmpty() || !planning.refresh)) {
      throw new CliFailure("--target, --replace and --refresh cannot be used with a saved plan",
          "The saved plan already fixes what happens. Make a new plan with these options instead.");
    }
    return new Applying(cli(), config.file, lock.lockTimeout, apply)
        .run(PlanMode.NORMAL, planning, replace.replace, planFile);
  }
}
