package dev.nixinfra.cli.command;

import picocli.CommandLine.Option;

/** The configuration file option every command that reads the configuration shares. */
final class ConfigOption {
  @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "nixinfra.yaml",
      description = "The configuration file (default: ${DEFAULT-VALUE}).")
  String file;
}
