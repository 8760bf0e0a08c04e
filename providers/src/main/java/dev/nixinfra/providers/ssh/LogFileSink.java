package dev.nixinfra.providers.ssh;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link LineSink} that appends every line to a per-run log file, stderr lines marked with {@code "! "}.
 * Combine it with the console sink through {@link LineSink#tee}. Lines are flushed as they arrive so the log
 * is complete up to a crash. Thread-safe. A write failure is thrown as {@link UncheckedIOException}.
 */
public final class LogFileSink implements LineSink, Closeable {
  private final Path file;
  private final BufferedWriter writer;

  private LogFileSink(Path file, BufferedWriter writer) {
    this.file = file;
    this.writer = writer;
  }

  /** Opens {@code file} for appending, creating it and its parent directories as needed. */
  public static LogFileSink append(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new LogFileSink(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.WRITE));
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void line(Stream stream, String line) {
    try {
      writer.write(stream == Stream.STDERR ? "! " + line : line);
      writer.newLine();
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log file " + file, e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    writer.close();
  }
}
