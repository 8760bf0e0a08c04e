package dev.nixinfra.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.diag.SourceLocation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticRendererTest {
  static final Diagnostic LOCATED = Diagnostic.error(new SourceLocation("nixinfra.yaml", 3, 5),
      "Unknown attribute \"max_job\"", "Did you mean \"max_jobs\"?\n\nSee docs/config.md.").about("builder.arm1");
  static final Diagnostic BARE = Diagnostic.warning("No builders configured", "");

  static String render(Style style, List<Diagnostic> ds) {
    StringWriter s = new StringWriter();
    new DiagnosticRenderer(new PrintWriter(s), style).render(ds);
    return s.toString();
  }

  @Test
  void plainText() {
    assertEquals("""

        Error: Unknown attribute "max_job"

          on nixinfra.yaml:3:5, in builder.arm1

          Did you mean "max_jobs"?

          See docs/config.md.

        Warning: No builders configured
        """, render(Style.PLAIN, List.of(LOCATED, BARE)));
  }

  @Test
  void subjectWithoutLocation() {
    assertEquals("\nWarning: Slow\n\n  in builder.arm1\n",
        render(Style.PLAIN, List.of(Diagnostic.warning("Slow", " ").about("builder.arm1"))));
  }

  @Test
  void colour() {
    String out = render(Style.ANSI, List.of(LOCATED, BARE));
    assertTrue(out.contains("\u001b[1;31mError:\u001b[0m \u001b[1mUnknown attribute"), out);
    assertTrue(out.contains("\u001b[1;33mWarning:\u001b[0m"), out);
    assertFalse(render(Style.PLAIN, List.of(LOCATED)).contains("\u001b"));
  }

  @Test
  void validateJson() throws Exception {
    StringWriter s = new StringWriter();
    new DiagnosticJson(new PrintWriter(s)).renderValidation(List.of(LOCATED, BARE));
    JsonNode root = new ObjectMapper().readTree(s.toString());
    assertFalse(root.get("valid").asBoolean());
    assertEquals(1, root.get("error_count").asInt());
    assertEquals(1, root.get("warning_count").asInt());
    JsonNode first = root.get("diagnostics").get(0);
    assertEquals("error", first.get("severity").asText());
    assertEquals("Unknown attribute \"max_job\"", first.get("summary").asText());
    assertTrue(first.get("detail").asText().startsWith("Did you mean"));
    assertEquals("nixinfra.yaml", first.get("range").get("filename").asText());
    assertEquals(3, first.get("range").get("line").asInt());
    assertEquals(5, first.get("range").get("column").asInt());
    assertEquals("builder.arm1", first.get("subject").asText());
    JsonNode second = root.get("diagnostics").get(1);
    assertEquals("warning", second.get("severity").asText());
    assertTrue(second.get("range").isNull());
    assertTrue(second.get("subject").isNull());
  }

  @Test
  void validJsonWhenOnlyWarnings() {
    JsonNode root = DiagnosticJson.validation(List.of(BARE));
    assertTrue(root.get("valid").asBoolean());
    assertTrue(DiagnosticJson.validation(List.of()).get("valid").asBoolean());
  }
}
