package dev.nixinfra.cli.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nixinfra.core.diag.Diagnostic;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Diagnostics as JSON. One diagnostic is
 * {@code {"severity":"error|warning","summary":…,"detail":…,"range":{"filename","line","column"}|null,
 * "subject":…|null}}; the {@code validate --json} report is
 * {@code {"format_version":"1","valid":…,"error_count":N,"warning_count":N,"diagnostics":[…]}}, with
 * {@code valid} true exactly when there is no error.
 */
public final class DiagnosticJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final PrintWriter out;

  public DiagnosticJson(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Writes the validate report as one line of JSON and flushes. */
  public void renderValidation(List<Diagnostic> diagnostics) {
    try {
      out.println(MAPPER.writeValueAsString(validation(diagnostics)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }

  public static ObjectNode validation(List<Diagnostic> diagnostics) {
    long errors = diagnostics.stream().filter(Diagnostic::isError).count();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format_version", "1");
    root.put("valid", errors == 0);
    root.put("error_count", errors);
    root.put("warning_count", diagnostics.size() - errors);
    root.set("diagnostics", array(diagnostics));
    return root;
  }

  public static ArrayNode array(List<Diagnostic> diagnostics) {
    ArrayNode a = MAPPER.createArrayNode();
    diagnostics.forEach(d -> a.add(node(d)));
    return a;
  }

  public static ObjectNode node(Diagnostic d) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("severity", d.severity().name().toLowerCase(Locale.ROOT));
    n.put("summary", d.summary());
    n.put("detail", d.detail());
    if (d.location().isPresent()) {
      ObjectNode range = n.putObject("range");
      range.put("filename", d.location().get().file());
      range.put("line", d.location().get().line());
      range.put("column", d.location().get().column());
    } else {
      n.putNull("range");
    }
    if (d.subject().isPresent()) {
      n.put("subject", d.subject().get());
    } else {
      n.putNull("subject");
    }
    return n;
  }
}
