package dev.nixinfra.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Desired;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every examples/*.yaml at the repository root loads without errors and expands. */
class ExamplesTest {
  /** Maven runs tests in the core module's folder. */
  static final Path EXAMPLES = Path.of("..", "examples");

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void thereAreExamples() throws IOException {
    assertTrue(examples().count() >= 3);
  }

  @ParameterizedTest
  @MethodSource("examples")
  void loadsAndExpands(Path file) {
    LoadResult r = ConfigLoader.load(file, file.getFileName().toString(), Map.of());
    assertTrue(r.config().isPresent(), () -> Fixtures.lines(r.diagnostics()));
    assertTrue(r.diagnostics().isEmpty(), () -> Fixtures.lines(r.diagnostics()));
    Desired d = Expander.expand(r.config().get());
    assertFalse(d.resources().isEmpty());
  }

  @ParameterizedTest
  @MethodSource("examples")
  void hostsUseTheReservedExampleDomain(Path file) throws IOException {
    List<String> hosts = Files.readAllLines(file).stream()
        .map(String::trim).filter(l -> l.startsWith("host:"))
        .map(l -> l.substring(5).trim()).filter(h -> !h.equals("local")).toList();
    assertFalse(hosts.isEmpty());
    hosts.forEach(h -> assertTrue(h.endsWith(".example"), file + ": " + h));
  }
}
