package dev.nixinfra.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.StateVersion;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Shows a state's history, newest last. For people, a table with one snapshot a line, the current one marked:
 * <pre>
 * SERIAL  WRITTEN               LINEAGE                               RESOURCES
 *      1  2026-12-02T11:48:26Z  6f1c0d9e-3b7a-4f7e-9a51-2d3c4b5a6e7f          3
 *      2  2026-12-02T11:49:02Z  6f1c0d9e-3b7a-4f7e-9a51-2d3c4b5a6e7f          4  (current)
 * </pre>
 * As JSON, one document on one line, like the other commands' JSON:
 * {@code {"format_version":"1","current":{"lineage","serial"}|null,"versions":[{"serial","lineage","written",
 * "resource_count","current"}]}}, {@code written} in ISO-8601 UTC.
 */
public final class StateHistoryRenderer {
  private final PrintWriter out;

  public StateHistoryRenderer(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /** @param current the current state, to mark its line; empty when there is none */
  public void render(List<StateVersion> versions, Optional<State> current) {
    int serialWidth = Math.max("SERIAL".length(),
        versions.stream().mapToInt(v -> Long.toString(v.serial()).length()).max().orElse(0));
    String format = "%" + serialWidth + "s  %-20s  %-36s  %9s%s%n";
    out.printf(format, "SERIAL", "WRITTEN", "LINEAGE", "RESOURCES", "");
    for (StateVersion v : versions) {
      out.printf(format, v.serial(), v.written().truncatedTo(ChronoUnit.SECONDS), v.lineage(), v.resourceCount(),
          isCurrent(v, current) ? "  (current)" : "");
    }
    out.flush();
  }

  public void renderJson(List<StateVersion> versions, Optional<State> current) {
    ObjectNode root = DiagnosticJson.MAPPER.createObjectNode();
    root.put("format_version", "1");
    if (current.isPresent()) {
      root.putObject("current").put("lineage", current.get().lineage()).put("serial", current.get().serial());
    } else {
      root.putNull("current");
    }
    ArrayNode list = root.putArray("versions");
    for (StateVersion v : versions) {
      list.addObject()
          .put("serial", v.serial())
          .put("lineage", v.lineage())
          .put("written", v.written().toString())
          .put("resource_count", v.resourceCount())
          .put("current", isCurrent(v, current));
    }
    try {
      out.println(DiagnosticJson.MAPPER.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }

  private static boolean isCurrent(StateVersion v, Optional<State> current) {
    return current.isPresent() && current.get().serial() == v.serial()
        && current.get().lineage().equals(v.lineage());
  }
}
