package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliContext;
import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.diag.SourceLocation;
import dev.nixinfra.core.model.State;
import dev.nixinfra.state.json.InvalidJsonException;
import dev.nixinfra.state.json.StateJson;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * A state file the user hands to a command ({@code state push FILE}), read with the state file codec
 * ({@link StateJson}). Every problem is a {@link CliFailure} naming the file as the user wrote it and, for bad
 * content, the line and column, so the user can go there and fix it; never a parser stack trace.
 */
final class StateFileInput {
  private static final String FIX = "Fix the file at that place, or start again from the current state with "
      + "'nixinfra state pull > FILE'. The state was not changed.";

  private StateFileInput() {}

  /** @param shown the path as the user wrote it, resolved against the working folder */
  static State read(CliContext cli, String shown) {
    String text;
    try {
      text = Files.readString(cli.resolve(shown));
    } catch (NoSuchFileException e) {
      throw new CliFailure("state file " + shown + " does not exist", "Give the path of a file written by "
          + "'nixinfra state pull', or of errored.nixinfra-state.json saved by a failed apply.");
    } catch (CharacterCodingException e) {
      throw new CliFailure("state file " + shown + " is not valid: it is not UTF-8 text",
          "Give a file written by 'nixinfra state pull'. The state was not changed.");
    } catch (IOException e) {
      throw new CliFailure("cannot read state file " + shown + ": " + reason(e), "The state was not changed.");
    }
    try {
      return StateJson.parse(text);
    } catch (InvalidJsonException e) {
      String summary = "state file " + shown + " is not valid: " + e.problem();
      if (e.line().isPresent()) {
        SourceLocation at = new SourceLocation(shown, e.line().getAsInt(), e.column().orElse(1));
        throw new CliFailure(List.of(Diagnostic.error(at, summary, FIX)));
      }
      throw new CliFailure(summary, FIX);
    }
  }

  private static String reason(IOException e) {
    return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
