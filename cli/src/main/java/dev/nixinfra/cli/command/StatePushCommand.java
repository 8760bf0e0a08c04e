package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code state push FILE}: makes a state file (from {@code state pull}, or {@code errored.nixinfra-state.json})
 * the current state, under the lock. The rule, as Terraform's {@code state push}:
 * <ul>
 *   <li>no state yet: the file is written as it is;</li>
 *   <li>without {@code --force}: the file must have the current lineage and a higher serial, and is then written
 *       as it is (its serial kept, so a saved plan made against the file still applies); anything else is
 *       refused, because it would overwrite changes the file does not know about;</li>
 *   <li>with {@code --force}: the file's resources become the next snapshot of the current state, lineage of the
 *       current state and serial current + 1, whatever the file's lineage and serial. Unlike Terraform, the
 *       file's lineage is not taken over: one lineage keeps the history one line, so {@code state restore} can
 *       undo the push, and the store's compare-and-set write stays the only way state moves.</li>
 * </ul>
 * A file equal to the current state (lineage, serial and resources) is a no-op, not a refusal: there is nothing
 * to lose and nothing to write. Either way the state before stays in the history. The file is read before the lock
 * is taken, so a broken file is reported at once, without waiting for another run.
 */
@Command(name = "push", description = {"Make a state file the current state.",
    "Refused unless FILE has the current state's lineage and a higher serial; --force writes its resources as "
        + "the next serial of the current state anyway. The state before is kept in history."})
final class StatePushCommand extends BaseCommand {
  @Mixin ConfigOption config;
  @Mixin LockOptions lock;

  @Parameters(paramLabel = "FILE", description = "A state file, as written by 'nixinfra state pull'.")
  String file;

  @Option(names = "--force", description = "Write FILE's resources as the next serial of the current state even "
      + "if its lineage differs or its serial is not newer.")
  boolean force;

  @Override
  public Integer call() {
    Workspace ws = Workspace.open(cli(), config.file);
    State pushed = StateFileInput.read(cli(), file);
    StateLock held = ws.lock("state push", lock.lockTimeout);
    try {
      Optional<State> current = Planning.readState(ws.store());
      if (current.isPresent() && current.get().equals(pushed)) {
        cli().out().println(file + " is the current state already (serial " + pushed.serial()
            + "): nothing to push.");
        return ExitCodes.OK;
      }
      State next = current.map(c -> next(c, pushed)).orElse(pushed);
      try {
        ws.store().write(next);
      } catch (StateException e) {
        throw new CliFailure("cannot write the state: " + e.getMessage(), "The state was not changed.");
      }
      cli().out().println("Pushed " + file + " to " + ws.store().describe() + ": serial " + next.serial()
          + ", " + next.resources().size() + " resource(s).");
      current.ifPresent(c -> cli().out().println("The state before (serial " + c.serial() + ") is kept in "
          + "history; 'nixinfra state restore " + c.serial() + "' brings it back."));
      return ExitCodes.OK;
    } finally {
      Workspace.unlock(held, cli());
    }
  }

  private State next(State current, State pushed) {
    if (force) {
      return new State(current.lineage(), current.serial() + 1, pushed.resources());
    }
    if (!pushed.lineage().equals(current.lineage())) {
      throw new CliFailure("refusing to push " + file + ": it has lineage " + pushed.lineage()
          + ", but the current state has lineage " + current.lineage() + ", so they record different things",
          "Check that you run nixinfra in the right folder and picked the right file. To replace the current "
              + "state with the file's resources anyway, pass --force; the current state stays in history.");
    }
    if (pushed.serial() <= current.serial()) {
      String how = pushed.serial() == current.serial()
          ? "The file has the current serial. If you edited a pulled state, set its \"serial\" to "
              + (current.serial() + 1) + " and push again"
          : "The state changed after the file was made, and pushing it would lose those changes. Pull the current "
              + "state and redo the edit";
      throw new CliFailure("refusing to push " + file + ": its serial " + pushed.serial() + " is not newer than "
          + "the current state's serial " + current.serial(), how + ", or pass --force to write the file's "
              + "resources as serial " + (current.serial() + 1) + "; the current state stays in history.");
    }
    return pushed;
  }
}
