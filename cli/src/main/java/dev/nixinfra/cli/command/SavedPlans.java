package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.state.json.PlanJson;
import dev.nixinfra.state.json.StateJson;
import dev.nixinfra.state.local.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Saved plan files (and the rescue copy of a state that could not be written), written atomically and private. */
final class SavedPlans {
  private SavedPlans() {}

  static void write(Path file, Plan plan) {
    try {
      AtomicFiles.createFolder(file.toAbsolutePath().getParent());
      AtomicFiles.write(file, PlanJson.write(plan));
    } catch (IOException e) {
      throw new CliFailure("cannot save the plan to " + file + ": " + e.getMessage(),
          "Choose a file in a folder you can write to.");
    } catch (IllegalArgumentException e) {
      throw new CliFailure("cannot save the plan: " + e.getMessage(), "");
    }
  }

  /** @param shown the path as the user wrote it, for messages */
  static Plan read(Path file, String shown) {
    try {
      return PlanJson.read(Files.readString(file), Path.of(shown));
    } catch (NoSuchFileException e) {
      throw new CliFailure("saved plan " + shown + " does not exist", "Make one with 'nixinfra plan --out "
          + shown + "'.");
    } catch (CharacterCodingException e) {
      // The decoder's own message ("Input length = 1") says nothing to a user.
      throw new CliFailure("plan file " + shown + " is not valid: it is not UTF-8 text", "Make a new plan with "
          + "'nixinfra plan --out " + shown + "'.");
    } catch (IOException e) {
      throw new CliFailure("cannot read saved plan " + shown + ": " + e.getMessage(), "");
    } catch (StateException e) {
      throw new CliFailure(e.getMessage(), "Make a new plan with 'nixinfra plan --out " + shown + "'.");
    }
  }

  /** @throws UncheckedIOException when even this fails; the caller then prints the state instead */
  static void writeState(Path file, State state) {
    try {
      AtomicFiles.write(file, StateJson.write(state));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String stateText(State state) {
    return StateJson.write(state);
  }
}
