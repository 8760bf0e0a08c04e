package dev.nixinfra.providers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineSinkTest {
  @TempDir Path dir;

  @Test
  void collectorSplitsLinesAcrossWritesAndKeepsTheTail() {
    List<String> lines = new ArrayList<>();
    LineCollector c = new LineCollector((s, l) -> lines.add(l), LineSink.Stream.STDERR);
    byte[] bytes = "one\r\ntw".getBytes(StandardCharsets.UTF_8);
    c.write(bytes, 0, bytes.length);
    byte[] rest = "o\nü✓".getBytes(StandardCharsets.UTF_8);
    // A multi-byte character split between two writes still decodes.
    c.write(rest, 0, 4);
    c.write(rest, 4, rest.length - 4);
    c.close();
    assertEquals(List.of("one", "two", "ü✓"), lines);
    assertEquals("one\r\ntwo\nü✓", c.text());
    for (int i = 0; i < 30; i++) {
      c.write(("l" + i + "\n").getBytes(StandardCharsets.UTF_8), 0, ("l" + i + "\n").length());
    }
    assertEquals(20, c.tail().size());
    assertEquals("l29", c.tail().get(19));
  }

  @Test
  void teeWritesToTheConsoleAndTheLog() throws Exception {
    List<String> console = new ArrayList<>();
    Path log = dir.resolve("logs/run.log");
    try (LogFileSink file = LogFileSink.append(log)) {
      LineSink sink = LineSink.tee((s, l) -> console.add(l), file).prefixed("builder1: ");
      sink.line(LineSink.Stream.STDOUT, "building");
      sink.line(LineSink.Stream.STDERR, "warning");
    }
    assertEquals(List.of("builder1: building", "builder1: warning"), console);
    assertEquals("builder1: building\n! builder1: warning\n", Files.readString(log));
    try (LogFileSink again = LogFileSink.append(log)) {
      again.line(LineSink.Stream.STDOUT, "appended");
    }
    assertEquals(3, Files.readAllLines(log).size());
  }
}
