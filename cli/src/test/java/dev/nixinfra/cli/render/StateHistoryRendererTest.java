package dev.nixinfra.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.StateVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StateHistoryRendererTest {
  private static final String L = "6f1c0d9e-3b7a-4f7e-9a51-2d3c4b5a6e7f";
  private static final List<StateVersion> VERSIONS = List.of(
      new StateVersion(L, 9, Instant.parse("2026-12-02T11:54:55.123Z"), 1),
      new StateVersion(L, 10, Instant.parse("2026-12-02T11:55:00Z"), 12));
  private static final Optional<State> CURRENT = Optional.of(new State(L, 10, new TreeMap<>()));

  @Test
  void aTableNewestLastWithTheCurrentMarked() {
    StringWriter s = new StringWriter();
    new StateHistoryRenderer(new PrintWriter(s)).render(VERSIONS, CURRENT);
    assertEquals("""
        SERIAL  WRITTEN               LINEAGE                               RESOURCES
             9  2026-12-02T11:54:55Z  6f1c0d9e-3b7a-4f7e-9a51-2d3c4b5a6e7f          1
            10  2026-12-02T11:55:00Z  6f1c0d9e-3b7a-4f7e-9a51-2d3c4b5a6e7f         12  (current)
        """, s.toString());
  }

  @Test
  void jsonIsOneDocumentOnOneLine() {
    StringWriter s = new StringWriter();
    new StateHistoryRenderer(new PrintWriter(s)).renderJson(VERSIONS.subList(1, 2), CURRENT);
    assertEquals("{\"format_version\":\"1\",\"current\":{\"lineage\":\"" + L + "\",\"serial\":10},\"versions\":["
        + "{\"serial\":10,\"lineage\":\"" + L + "\",\"written\":\"2026-12-02T11:55:00Z\",\"resource_count\":12,"
        + "\"current\":true}]}\n", s.toString());
  }
}
