package dev.nixinfra.cli.render;

import dev.nixinfra.core.check.CheckReport;
import dev.nixinfra.core.check.CheckStep;
import dev.nixinfra.core.check.PairResult;
import dev.nixinfra.core.check.StepResult;
import dev.nixinfra.core.model.Address;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Shows a check as a matrix of clients (rows) by builders (columns): {@code ✓} when every step passed, {@code ✗}
 * and the step when one failed, {@code ○} when it could not run, blank where the client does not use the builder.
 * Then, per pair that did not pass, the diagnosis and the fix; then a count. Writes to the given writer only.
 */
public final class CheckRenderer {
  private final PrintWriter out;
  private final Style style;

  public CheckRenderer(PrintWriter out, Style style) {
    this.out = Objects.requireNonNull(out, "out");
    this.style = Objects.requireNonNull(style, "style");
  }

  public void render(CheckReport report) {
    if (report.pairs().isEmpty()) {
      out.println("Nothing to check: no client uses a builder.");
      out.flush();
      return;
    }
    out.println("Checked every client against each of its builders: "
        + Arrays.stream(CheckStep.values()).map(CheckStep::wire).collect(Collectors.joining(", ")) + ".");
    out.println();
    matrix(report);
    List<PairResult> problems = report.pairs().stream().filter(p -> !p.passed()).toList();
    for (PairResult p : problems) {
      out.println();
      problem(p);
    }
    out.println();
    long passed = report.pairs().size() - problems.size();
    String summary = passed + " of " + report.pairs().size() + " checks passed.";
    out.println(report.passed() ? style.boldGreen(summary) : style.boldRed(summary));
    out.flush();
  }

  private void matrix(CheckReport report) {
    List<Address> clients = List.copyOf(report.clients());
    List<Address> builders = List.copyOf(report.builders());
    int first = clients.stream().mapToInt(c -> c.name().length()).max().orElse(0);
    int[] widths = new int[builders.size()];
    for (int i = 0; i < builders.size(); i++) {
      Address b = builders.get(i);
      widths[i] = Math.max(b.name().length(), report.pairs().stream().filter(p -> p.builder().equals(b))
          .mapToInt(p -> cellText(p).length()).max().orElse(0));
    }
    StringBuilder head = new StringBuilder("  " + pad("", first));
    for (int i = 0; i < builders.size(); i++) {
      head.append("  ").append(pad(builders.get(i).name(), widths[i]));
    }
    out.println(style.bold(head.toString().stripTrailing()));
    for (Address c : clients) {
      StringBuilder row = new StringBuilder("  " + pad(c.name(), first));
      for (int i = 0; i < builders.size(); i++) {
        Optional<PairResult> p = find(report, c, builders.get(i));
        String cell = pad(p.map(CheckRenderer::cellText).orElse(""), widths[i]);
        row.append("  ").append(p.map(r -> colour(r, cell)).orElse(cell));
      }
      out.println(row.toString().stripTrailing());
    }
  }

  private static Optional<PairResult> find(CheckReport report, Address client, Address builder) {
    return report.pairs().stream().filter(p -> p.client().equals(client) && p.builder().equals(builder))
        .findFirst();
  }

  private static String cellText(PairResult p) {
    return p.problem().map(s -> (s instanceof StepResult.Failed ? "✗ " : "○ ") + s.step().wire()).orElse("✓");
  }

  private String colour(PairResult p, String text) {
    if (p.passed()) {
      return style.green(text);
    }
    return p.problem().orElseThrow() instanceof StepResult.Failed ? style.red(text) : style.yellow(text);
  }

  private void problem(PairResult p) {
    StepResult s = p.problem().orElseThrow();
    String pair = p.client().name() + " → " + p.builder().name();
    if (s instanceof StepResult.Failed f) {
      out.println(style.boldRed("✗ " + pair + ": " + s.step().wire() + " failed"));
      out.println("  " + f.cause());
      out.println("  Fix: " + f.fix());
    } else if (s instanceof StepResult.NotRun n) {
      out.println(style.boldYellow("○ " + pair + ": not checked"));
      out.println("  " + n.reason());
    }
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
