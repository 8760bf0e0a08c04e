package dev.nixinfra.cli.render;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.plan.Action;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;

/**
 * Apply progress as one line per event, safe for CI logs (no cursor movement, no carriage returns):
 *
 * <pre>
 * builder.arm1: Creating...
 * builder.arm1: Still creating... [20s elapsed]
 * builder.arm1: Creation complete after 21s [id=4711]
 * builder.arm1: &lt;a line of remote output&gt;
 * Error: builder.arm1: creation failed: &lt;message&gt;
 * client.laptop: Skipped because builder.arm1 failed
 *
 * Apply complete! Resources: 1 added, 0 changed, 0 destroyed.
 * </pre>
 *
 * Verbs by action: create (Creating / Creation complete), update (Modifying / Modifications complete), replace
 * (Replacing / Replacement complete), delete (Destroying / Destruction complete). Durations are whole seconds,
 * written {@code 21s} or {@code 1m5s}. Thread-safe: every method writes its whole line(s) under one lock and
 * flushes, so lines from parallel resources never interleave.
 */
public final class ApplyProgressRenderer {
  private final PrintWriter out;
  private final Style style;

  public ApplyProgressRenderer(PrintWriter out, Style style) {
    this.out = Objects.requireNonNull(out, "out");
    this.style = Objects.requireNonNull(style, "style");
  }

  public synchronized void starting(Address address, Action action) {
    line(address, verbs(action).present + "...");
  }

  public synchronized void stillRunning(Address address, Action action, Duration elapsed) {
    line(address, "Still " + verbs(action).present.toLowerCase(java.util.Locale.ROOT) + "... ["
        + duration(elapsed) + " elapsed]");
  }

  /** @param id the provider's id of the resource, or null (always left out for deletes) */
  public synchronized void finished(Address address, Action action, Duration elapsed, String id) {
    String idPart = id == null || id.isEmpty() || action == Action.DELETE ? "" : " [id=" + id + "]";
    line(address, verbs(action).done + " complete after " + duration(elapsed) + idPart);
  }

  /** The failure; lines of a multi-line message after the first are indented by two. */
  public synchronized void failed(Address address, Action action, String message) {
    String[] lines = String.valueOf(message).strip().split("\\R", -1);
    out.println(style.boldRed("Error:") + " " + address + ": " + verbs(action).noun + " failed: " + lines[0]);
    for (int i = 1; i < lines.length; i++) {
      out.println(lines[i].isBlank() ? "" : "  " + lines[i]);
    }
    out.flush();
  }

  public synchronized void skipped(Address address, Address cause) {
    line(address, "Skipped because " + cause + " failed");
  }

  /** A line the remote side printed; each line of {@code text} becomes one prefixed line, trailing space kept. */
  public synchronized void output(Address address, String text) {
    text.lines().forEach(l -> out.println(address + ": " + l));
    out.flush();
  }

  /** The final line, after a blank line: {@code Apply complete! ...} or {@code Destroy complete! ...}. */
  public synchronized void complete(int added, int changed, int destroyed, boolean destroyMode) {
    out.println();
    out.println(destroyMode
        ? style.boldGreen("Destroy complete!") + " Resources: " + destroyed + " destroyed."
        : style.boldGreen("Apply complete!") + " Resources: " + added + " added, " + changed + " changed, "
            + destroyed + " destroyed.");
    out.flush();
  }

  /** {@code 21s}, {@code 1m5s}, {@code 2h0m3s}; never negative. */
  static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + s % 60 + "s";
    }
    return s / 3600 + "h" + s % 3600 / 60 + "m" + s % 60 + "s";
  }

  private void line(Address address, String text) {
    out.println(style.bold(address + ":") + " " + text);
    out.flush();
  }

  private record Verbs(String present, String done, String noun) {}

  private static Verbs verbs(Action action) {
    return switch (action) {
      case CREATE -> new Verbs("Creating", "Creation", "creation");
      case UPDATE -> new Verbs("Modifying", "Modifications", "modification");
      case REPLACE -> new Verbs("Replacing", "Replacement", "replacement");
      case DELETE -> new Verbs("Destroying", "Destruction", "destruction");
      case NO_OP -> throw new IllegalArgumentException("apply does nothing for a no-op");
    };
  }
}
