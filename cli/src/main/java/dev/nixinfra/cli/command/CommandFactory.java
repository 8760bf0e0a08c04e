package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliContext;
import picocli.CommandLine;

/** Creates commands and hands each the run's context. */
public final class CommandFactory implements CommandLine.IFactory {
  private final CliContext cli;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  public CommandFactory(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    K made = fallback.create(cls);
    if (made instanceof BaseCommand command) {
      command.context(cli);
    }
    return made;
  }
}
