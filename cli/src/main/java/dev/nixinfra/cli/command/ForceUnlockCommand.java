package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.core.state.StateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "force-unlock", description = {"Remove a state lock left behind by a run that cannot release it.",
    "Local state locks are released by the operating system when their process dies; this clears what remains."})
final class ForceUnlockCommand extends BaseCommand {
  @Mixin ConfigOption config;

  @Parameters(paramLabel = "LOCK_ID", description = "The lock id the locked-out run printed.")
  String lockId;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(cli(), config.file);
    try {
      ws.store().forceUnlock(lockId);
    } catch (StateException e) {
      throw new CliFailure("cannot unlock: " + e.getMessage(), "");
    }
    cli().out().println("nixinfra state has been successfully unlocked.");
    return ExitCodes.OK;
  }
}
