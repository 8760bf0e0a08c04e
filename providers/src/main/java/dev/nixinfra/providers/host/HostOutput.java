package dev.nixinfra.providers.host;

import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.LineSink;

/**
 * Where the output of a command that changes a host goes: each line to the progress display and the run's log,
 * prefixed with the host's name. Commands whose output is data nixinfra parses keep {@link LineSink#discard()}.
 */
final class HostOutput {
  private HostOutput() {}

  static LineSink to(OperationContext context, Connection connection) {
    return (stream, line) -> context.say("[" + connection.name() + "] " + line);
  }
}
