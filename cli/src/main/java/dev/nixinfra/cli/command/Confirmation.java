package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliContext;
import java.io.IOException;

/**
 * The yes-or-nothing prompt of commands that change state, worded as apply's: only the exact answer {@code yes}
 * approves; anything else, end of input or a read error declines, so a script without input never approves.
 */
final class Confirmation {
  private Confirmation() {}

  /**
   * Shows {@code question} and its explanation lines (the last says what answer approves) on standard output and
   * reads one line of standard input.
   */
  static boolean ask(CliContext cli, String question, String... explanation) {
    cli.out().println();
    cli.out().println(question);
    for (String line : explanation) {
      cli.out().println("  " + line);
    }
    cli.out().println();
    cli.out().print("  Enter a value: ");
    cli.out().flush();
    try {
      String answer = cli.in().readLine();
      cli.out().println();
      return answer != null && answer.trim().equals("yes");
    } catch (IOException e) {
      return false;
    }
  }
}
