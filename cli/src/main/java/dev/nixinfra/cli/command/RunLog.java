package dev.nixinfra.cli.command;

import dev.nixinfra.core.apply.ApplyListener;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.plan.Change;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The log of one apply or destroy: every step and every line the hosts printed, with the time and the resource, in
 * {@code .nixinfra/logs/<UTC time>-<command>.log} beside the configuration (mode 0600). It keeps what scrolled past
 * for when something went wrong. Providers never pass secrets to it. A log that cannot be written is reported once
 * and the run goes on without it: the run matters more than its log.
 */
final class RunLog implements ApplyListener, AutoCloseable {
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path file;
  private final Clock clock;
  private BufferedWriter out;

  private RunLog(Path file, BufferedWriter out, Clock clock) {
    this.file = file;
    this.out = out;
    this.clock = clock;
  }

  /** Opens a new log for {@code command} in {@code <configDir>/.nixinfra/logs}. */
  static RunLog open(Path configDir, String command, Clock clock) throws IOException {
    Path dir = configDir.resolve(".nixinfra").resolve("logs");
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE_TIME.format(clock.instant()) + "-" + command + ".log");
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    return new RunLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND), clock);
  }

  Path file() {
    return file;
  }

  @Override
  public void starting(Change change) {
    write(change.address(), change.action().name().toLowerCase(java.util.Locale.ROOT) + ": starting");
  }

  @Override
  public void finished(Change change, Duration elapsed, Optional<ResourceState> result) {
    write(change.address(), "done after " + elapsed.toMillis() + " ms" + result.map(r -> " [id=" + r.id() + "]")
        .orElse(""));
  }

  @Override
  public void failed(Change change, String message) {
    write(change.address(), "FAILED: " + message);
  }

  @Override
  public void skipped(Change change, Address cause) {
    write(change.address(), "skipped because " + cause + " failed");
  }

  @Override
  public void notStarted(Change change) {
    write(change.address(), "not started (interrupted)");
  }

  @Override
  public void output(Address address, String line) {
    write(address, line);
  }

  private synchronized void write(Address address, String text) {
    if (out == null) {
      return;
    }
    try {
      out.write(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS) + " " + address + ": " + text);
      out.newLine();
      out.flush();
    } catch (IOException e) {
      closeQuietly();
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException ignored) {
      // nothing more to save
    } finally {
      out = null;
    }
  }
}
