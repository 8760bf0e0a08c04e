package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliContext;
import java.util.concurrent.Callable;

/** A command with the run's context; the entry point's factory hands it in before picocli calls {@link #call()}. */
abstract class BaseCommand implements Callable<Integer> {
  private CliContext cli;

  final void context(CliContext context) {
    this.cli = context;
  }

  final CliContext cli() {
    return cli;
  }

  final Views views() {
    return new Views(cli);
  }
}
