package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.core.state.StateVersion;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code state restore SERIAL}: under the lock, records the resources of a snapshot from the history
 * ({@code StateStore.readVersion}) as the next serial of the current lineage, after showing which resources that
 * adds back, forgets or changes and asking as apply does. Going back is itself a new snapshot, so the state it
 * replaces stays in the history and a restore can be undone by another. Only the record changes: nothing real is
 * created, changed or destroyed; a plan afterwards shows how the world compares. A snapshot with the same
 * resources as the current state writes nothing, since the serial moves only on a change.
 */
@Command(name = "restore", description = {"Make a snapshot from the history the current state again.",
    "It is written as the next serial, so the state it replaces stays in history. Only the record changes."})
final class StateRestoreCommand extends BaseCommand {
  @Mixin ConfigOption config;
  @Mixin LockOptions lock;

  @Parameters(paramLabel = "SERIAL", description = "The serial to bring back; see 'nixinfra state history'.")
  long serial;

  @Option(names = "--auto-approve", description = "Restore without asking for confirmation.")
  boolean autoApprove;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(cli(), config.file);
    StateLock held = ws.lock("state restore", lock.lockTimeout);
    try {
      State current = Planning.readState(ws.store()).orElseThrow(() -> new CliFailure(
          "there is no state to restore into: nothing was ever written to " + ws.store().describe(),
          "Check that -f names the configuration you meant."));
      State old = snapshot(ws);
      StateDiff diff = StateDiff.between(current, old);
      if (diff.isEmpty()) {
        cli().out().println("Serial " + serial + " records the same resources as the current state (serial "
            + current.serial() + "): nothing to restore.");
        return ExitCodes.OK;
      }
      show(diff, current);
      long next = current.serial() + 1;
      if (!autoApprove && !Confirmation.ask(cli(), "Do you want to restore serial " + serial + "?",
          "nixinfra will record the resources of serial " + serial + " as the current state, serial " + next + ".",
          "The current state stays in history. Nothing real is created, changed or destroyed.",
          "Only 'yes' will be accepted to approve.")) {
        cli().err().println("Restore cancelled.");
        return ExitCodes.ERROR;
      }
      try {
        ws.store().write(new State(current.lineage(), next, old.resources()));
      } catch (StateException e) {
        throw new CliFailure("cannot write the state: " + e.getMessage(), "The state was not changed.");
      }
      cli().out().println("Restored serial " + serial + " as serial " + next + ". The state before (serial "
          + current.serial() + ") is kept in history.");
      cli().out().println("Run 'nixinfra plan' to see how the real world compares.");
      return ExitCodes.OK;
    } finally {
      Workspace.unlock(held, cli());
    }
  }

  private State snapshot(Workspace ws) {
    try {
      return ws.store().readVersion(serial).orElseThrow(() -> unknownSerial(ws));
    } catch (StateException e) {
      throw new CliFailure("cannot read serial " + serial + " from the history: " + e.getMessage(), "");
    }
  }

  private CliFailure unknownSerial(Workspace ws) {
    List<StateVersion> versions;
    try {
      versions = ws.store().history();
    } catch (StateException e) {
      throw new CliFailure("cannot read the state history: " + e.getMessage(), "");
    }
    TreeSet<Long> serials = new TreeSet<>();
    versions.forEach(v -> serials.add(v.serial()));
    return new CliFailure("serial " + serial + " is not in the state history of " + ws.store().describe(),
        serials.isEmpty() ? "The history is empty." : "Available serials: " + SerialRanges.of(serials)
            + ". 'nixinfra state history' lists them with their times.");
  }

  private void show(StateDiff diff, State current) {
    cli().out().println("Restoring serial " + serial + " over the current state (serial " + current.serial()
        + ") changes these resources in state:");
    cli().out().println();
    print("+", diff.added(), "back in state");
    print("-", diff.removed(), "forgotten");
    print("~", diff.changed(), "recorded values differ");
    cli().out().println();
    cli().out().println("Restore: " + diff.added().size() + " back in state, " + diff.removed().size()
        + " forgotten, " + diff.changed().size() + " with other recorded values.");
  }

  private void print(String symbol, List<Address> addresses, String what) {
    addresses.forEach(a -> cli().out().println("  " + symbol + " " + a + " (" + what + ")"));
  }
}
