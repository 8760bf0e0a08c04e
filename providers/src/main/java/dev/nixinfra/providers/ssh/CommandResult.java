package dev.nixinfra.providers.ssh;

import java.util.Objects;

/**
 * A command that ran to the end with exit status 0.
 *
 * @param exitStatus always 0 for {@link Connection#run}; failures are {@link RemoteCommandException}s
 * @param stdout everything the command wrote to stdout, decoded as UTF-8
 * @param stderr everything it wrote to stderr (warnings of successful commands)
 */
public record CommandResult(int exitStatus, String stdout, String stderr) {
  public CommandResult {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }
}
