package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "state", description = "Inspect and edit the state.",
    subcommands = {StateCommand.ListCommand.class, StateCommand.ShowCommand.class, StateCommand.RmCommand.class,
        StatePullCommand.class, StatePushCommand.class, StateHistoryCommand.class, StateRestoreCommand.class,
        StateMigrateCommand.class})
final class StateCommand extends BaseCommand {
  @Override
  public Integer call() {
    cli().err().println("Name a subcommand: list, show, rm, pull, push, history, restore or migrate. "
        + "See 'nixinfra state --help'.");
    return ExitCodes.ERROR;
  }

  private static State current(Workspace ws) {
    return Planning.readState(ws.store()).orElseGet(State::empty);
  }

  @Command(name = "list", description = "List the resources in state.")
  static final class ListCommand extends BaseCommand {
    @Mixin ConfigOption config;

    @Override
    public Integer call() {
      Workspace ws = Workspace.open(cli(), config.file);
      current(ws).resources().keySet().forEach(a -> cli().out().println(a));
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", description = "Show one resource in state with all its attributes.")
  static final class ShowCommand extends BaseCommand {
    @Mixin ConfigOption config;

    @Parameters(paramLabel = "ADDR", converter = AddressConverter.class, description = "For example builder.arm1.")
    Address address;

    @Override
    public Integer call() {
      Workspace ws = Workspace.open(cli(), config.file);
      ResourceState r = current(ws).resource(address).orElseThrow(() -> new CliFailure(
          address + " is not in state", "'nixinfra state list' shows what is."));
      views().resource(r);
      return ExitCodes.OK;
    }
  }

  @Command(name = "rm", description = {"Forget resources without destroying them.",
      "The real objects stay as they are; nixinfra no longer manages them. The state before is kept in history."})
  static final class RmCommand extends BaseCommand {
    @Mixin ConfigOption config;
    @Mixin LockOptions lock;

    @Parameters(arity = "1..*", paramLabel = "ADDR", converter = AddressConverter.class,
        description = "Resources to forget.")
    List<Address> addresses = new ArrayList<>();

    @Override
    public Integer call() {
      Workspace ws = Workspace.open(cli(), config.file);
      StateLock held = ws.lock("state rm", lock.lockTimeout);
      try {
        State state = current(ws);
        for (Address a : addresses) {
          if (state.resource(a).isEmpty()) {
            throw new CliFailure(a + " is not in state", "'nixinfra state list' shows what is. Nothing was removed.");
          }
        }
        State next = state;
        for (Address a : addresses) {
          next = next.without(a);
        }
        // One snapshot for the whole command, so history shows it as one step.
        next = new State(next.lineage(), state.serial() + 1, next.resources());
        try {
          ws.store().write(next);
        } catch (StateException e) {
          throw new CliFailure("cannot write the state: " + e.getMessage(), "Nothing was removed.");
        }
        addresses.forEach(a -> cli().out().println("Removed " + a));
        cli().out().println("Successfully removed " + addresses.size() + " resource(s) from state.");
        return ExitCodes.OK;
      } finally {
        Workspace.unlock(held, cli());
      }
    }
  }
}
