package dev.nixinfra.cli.command;

import dev.nixinfra.cli.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the version of nixinfra and of the Java runtime.")
final class VersionCommand extends BaseCommand {
  @Override
  public Integer call() {
    cli().out().println("nixinfra " + NixinfraCommand.VERSION);
    cli().out().println("on Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")");
    return ExitCodes.OK;
  }
}
