package dev.nixinfra.cli;

import dev.nixinfra.core.provider.Providers;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs nixinfra commands in this JVM with captured output, for fast tests of the command layer. */
final class InProcess {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  private final Path dir;
  private final Providers providers;
  private final Map<String, String> env;

  InProcess(Path dir, Providers providers, Map<String, String> env) {
    this.dir = dir;
    this.providers = providers;
    this.env = env;
  }

  int runWithInput(String stdin, String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CliContext cli = new CliContext(env, dir, new BufferedReader(new StringReader(stdin)), new PrintWriter(out, true),
        new PrintWriter(err, true), false, false, (config, environment) -> providers);
    return Main.run(cli, args);
  }

  int run(String... args) {
    return runWithInput("", args);
  }
}
