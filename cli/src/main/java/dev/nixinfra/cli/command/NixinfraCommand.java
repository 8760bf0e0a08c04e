package dev.nixinfra.cli.command;

import dev.nixinfra.cli.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root command: lists the subcommands and the options every command shares. */
@Command(name = "nixinfra", mixinStandardHelpOptions = true, versionProvider = NixinfraCommand.Version.class,
    description = "Builds and keeps a fleet of Nix remote builders and the clients that use them.",
    subcommands = {ValidateCommand.class, PlanCommand.class, ApplyCommand.class, DestroyCommand.class,
        CheckCommand.class, ShowCommand.class, StateCommand.class, GraphCommand.class, ForceUnlockCommand.class,
        VersionCommand.class, AutoComplete.GenerateCompletion.class})
public final class NixinfraCommand extends BaseCommand {
  public static final String VERSION = "0.1.0";

  @Option(names = "--no-color", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Do not use colours (also: the NO_COLOR environment variable).")
  boolean noColor;

  @Override
  public Integer call() {
    cli().err().println("Name a command. See 'nixinfra --help'.");
    return ExitCodes.ERROR;
  }

  /** For --version. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"nixinfra " + VERSION};
    }
  }
}
