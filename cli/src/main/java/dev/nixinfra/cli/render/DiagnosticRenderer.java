package dev.nixinfra.cli.render;

import dev.nixinfra.core.diag.Diagnostic;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/**
 * Shows diagnostics to people. Each diagnostic is one block, preceded by a blank line:
 *
 * <pre>
 *
 * Error: summary
 *
 *   on nixinfra.yaml:12:5, in builder.arm1
 *
 *   detail, every line indented by two
 * </pre>
 *
 * The {@code on} line appears only when the diagnostic has a location ({@code in ...} only with a subject; a
 * subject without a location gets {@code   in builder.arm1}); the detail only when not blank. {@code Error:} is bold
 * red and {@code Warning:} bold yellow when the style has colour. Writes to the given writer only and flushes after
 * each call. For the JSON form see {@link DiagnosticJson}.
 */
public final class DiagnosticRenderer {
  private final PrintWriter out;
  private final Style style;

  public DiagnosticRenderer(PrintWriter out, Style style) {
    this.out = Objects.requireNonNull(out, "out");
    this.style = Objects.requireNonNull(style, "style");
  }

  public void render(List<Diagnostic> diagnostics) {
    diagnostics.forEach(this::write);
    out.flush();
  }

  public void render(Diagnostic diagnostic) {
    write(diagnostic);
    out.flush();
  }

  private void write(Diagnostic d) {
    out.println();
    String label = d.isError() ? style.boldRed("Error:") : style.boldYellow("Warning:");
    out.println(label + " " + style.bold(d.summary()));
    String where = d.location().map(l -> "  on " + l + d.subject().map(s -> ", in " + s).orElse(""))
        .orElseGet(() -> d.subject().map(s -> "  in " + s).orElse(""));
    if (!where.isEmpty()) {
      out.println();
      out.println(where);
    }
    if (!d.detail().isBlank()) {
      out.println();
      d.detail().strip().lines().forEach(l -> out.println(l.isBlank() ? "" : "  " + l));
    }
  }
}
