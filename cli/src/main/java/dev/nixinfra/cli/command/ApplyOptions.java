package dev.nixinfra.cli.command;

import picocli.CommandLine.Option;

/** Options of the commands that change things: apply and destroy. */
final class ApplyOptions {
  @Option(names = "--auto-approve", description = "Do not ask for confirmation.")
  boolean autoApprove;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10",
      description = "Run at most N resource operations at once (default: ${DEFAULT-VALUE}).")
  int parallelism;
}
