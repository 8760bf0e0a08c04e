package dev.nixinfra.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of the {@code nixinfra} command. Each command is a class listed in {@code subcommands}; add new
 * commands there. {@link #main} exits with the command's exit code: 0 ok, 1 error, 2 changes present (plan with
 * {@code --detailed-exitcode}).
 */
@Command(
    name = "nixinfra",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionCommand.class,
    description = "Plans and applies Nix remote builders and their clients.",
    // 2 is reserved for "plan --detailed-exitcode found changes", so bad usage is an ordinary error
    exitCodeOnInvalidInput = 1,
    exitCodeOnExecutionException = 1,
    subcommands = {
        Main.VersionCommand.class,
    })
public final class Main implements Callable<Integer> {
  /** The version of nixinfra; one place, used by {@code --version} and {@code version}. */
  public static final String VERSION = "0.1.0";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests and for {@link #main}. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  /** Without a command, shows the usage and fails. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 1;
  }

  /** {@code nixinfra version}: the nixinfra and Java versions, one per line. */
  @Command(name = "version", description = "Shows the nixinfra and Java versions.")
  static final class VersionCommand implements Callable<Integer>, CommandLine.IVersionProvider {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      for (String line : getVersion()) {
        spec.commandLine().getOut().println(line);
      }
      return 0;
    }

    @Override
    public String[] getVersion() {
      return new String[] {
          "nixinfra " + VERSION,
          "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
      };
    }
  }
}
