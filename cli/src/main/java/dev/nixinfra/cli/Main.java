package dev.nixinfra.cli;

import dev.nixinfra.cli.command.CommandFactory;
import dev.nixinfra.cli.command.NixinfraCommand;
import dev.nixinfra.cli.render.DiagnosticRenderer;
import dev.nixinfra.cli.render.Style;
import dev.nixinfra.cli.wiring.BuiltInProviders;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;

/** The entry point: builds the run's context, runs one command, and maps its outcome to an exit code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    boolean terminal = System.console() != null;
    boolean colour = Style.auto(terminal, Arrays.asList(args).contains("--no-color"), env).enabled();
    CliContext cli = new CliContext(env, Path.of("").toAbsolutePath(),
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
        colour, terminal, new BuiltInProviders());
    Interrupts.install(cli);
    int code = run(cli, args);
    cli.providers().close();
    cli.out().flush();
    cli.err().flush();
    System.exit(code);
  }

  /** Runs one command line in {@code cli}; tests call this in-process. */
  public static int run(CliContext cli, String... args) {
    CommandLine cmd = new CommandLine(new NixinfraCommand(), new CommandFactory(cli));
    cmd.setOut(cli.out());
    cmd.setErr(cli.err());
    cmd.setColorScheme(CommandLine.Help.defaultColorScheme(
        cli.colour() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
    cmd.setParameterExceptionHandler((ex, a) -> {
      cli.err().println("Error: " + ex.getMessage());
      cli.err().println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      return ExitCodes.ERROR;
    });
    cmd.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
      if (ex instanceof CliFailure failure) {
        new DiagnosticRenderer(cli.err(), Style.of(cli.colour())).render(failure.diagnostics());
      } else {
        // Not the user's fault: say so plainly, and keep the trace out of their way unless they ask for it.
        cli.err().println("Error: nixinfra failed unexpectedly: " + ex);
        cli.err().println("This is a bug in nixinfra. Run again with NIXINFRA_DEBUG=1 for details, and report it.");
        if (cli.env().containsKey("NIXINFRA_DEBUG")) {
          ex.printStackTrace(cli.err());
        }
      }
      return ExitCodes.ERROR;
    });
    int code = cmd.execute(args);
    cli.out().flush();
    cli.err().flush();
    return code;
  }
}
