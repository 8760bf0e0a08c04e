package dev.nixinfra.cli.command;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long to wait for the state lock. */
final class LockOptions {
  @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "0s",
      converter = DurationConverter.class,
      description = "Wait this long for another run to release the state lock (default: fail at once).")
  Duration lockTimeout;
}
