package dev.nixinfra.providers.ssh;

import java.util.Objects;

/**
 * Receives the output of a command line by line, as it arrives. Lines have no line terminator; a last line
 * without one is still delivered when the command ends. Called from the threads that read the output, stdout
 * and stderr possibly at the same time, so implementations must be thread-safe. The host name is not part of
 * the line: callers that run on many hosts wrap the sink and add it.
 */
@FunctionalInterface
public interface LineSink {
  /** Which output of the command a line came from. */
  enum Stream { STDOUT, STDERR }

  void line(Stream stream, String line);

  /** A sink that drops every line. */
  static LineSink discard() {
    return (stream, line) -> {};
  }

  /** Each line goes to {@code first}, then to {@code second}. */
  static LineSink tee(LineSink first, LineSink second) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    return (stream, line) -> {
      first.line(stream, line);
      second.line(stream, line);
    };
  }

  /** Each line with {@code prefix} in front, for example {@code "builder1: "}. */
  default LineSink prefixed(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return (stream, line) -> line(stream, prefix + line);
  }
}
