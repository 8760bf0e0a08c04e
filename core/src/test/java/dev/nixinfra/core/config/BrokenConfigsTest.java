package dev.nixinfra.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken configs: each {@code broken-configs/NAME.yaml} is loaded and its diagnostics must be
 * exactly the lines of {@code NAME.expected}, in order ({@code SEVERITY NAME.yaml:LINE:COL: summary}).
 */
class BrokenConfigsTest {
  static final Path DIR = Path.of("src", "test", "resources", "broken-configs");
  /** The environment every case sees; NIXINFRA_PG_URL holds a password that must never show. */
  static final Map<String, String> ENV = Map.of("NIXINFRA_PG_URL", "postgres://nixinfra:hunter2@db.acme.example/x");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - 5)).sorted().toList().stream();
    }
  }

  @Test
  void theCorpusIsLarge() throws IOException {
    assertTrue(cases().count() >= 30);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reportsExactlyTheExpectedDiagnostics(String name) throws IOException {
    LoadResult r = ConfigLoader.load(DIR.resolve(name + ".yaml"), name + ".yaml", ENV);
    String actual = Fixtures.lines(r.diagnostics());
    List<String> expected = Files.readAllLines(DIR.resolve(name + ".expected")).stream()
        .filter(l -> !l.isBlank()).toList();
    assertEquals(String.join("\n", expected), actual);
    assertTrue(r.diagnostics().stream().allMatch(d -> d.location().isPresent()), "every diagnostic is located");
    r.diagnostics().forEach(d -> assertTrue(!d.detail().isBlank(), "every diagnostic says how to fix it: " + d));
    assertTrue(!actual.contains("hunter2"), "secrets never appear in messages");
  }
}
