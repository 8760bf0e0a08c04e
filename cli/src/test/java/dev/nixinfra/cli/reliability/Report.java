package dev.nixinfra.cli.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The numbers each reliability test measured: printed, and appended to {@code target/reliability-report.txt} so
 * that a CI run keeps them beside the failsafe reports (docs/reliability.md quotes them).
 */
final class Report {
  static final Path FILE = Path.of("target", "reliability-report.txt");

  private Report() {}

  static synchronized void record(String test, String line) {
    String text = "[reliability/" + test + "] " + line;
    System.out.println(text);
    try {
      Files.writeString(FILE, Instant.now() + " " + text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
