package dev.nixinfra.cli.render;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.AttributeSpec;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceTypes;
import dev.nixinfra.core.plan.Action;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.plan.DeleteReason;
import dev.nixinfra.core.plan.Drift;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanMode;
import dev.nixinfra.core.plan.Summary;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Shows a plan to people in Terraform's layout: the drift note (when refresh found changes made outside nixinfra),
 * the legend of the symbols used, one block per resource that changes (no-ops are left out), the
 * {@code Plan: N to add, N to change, N to destroy.} line or the "No changes." message, then the plan's warnings.
 * Output ends with a newline; sections are separated by one blank line. Colour comes from the {@link Style} only,
 * so {@link Style#PLAIN} gives plain text. Writes to the given writer only and flushes at the end.
 */
public final class HumanPlanRenderer {
  /** Attributes shown for a resource that goes away; the others are counted as hidden. */
  private static final List<String> IDENTIFYING = List.of("id", "name", "host");

  private final PrintWriter out;
  private final Style style;

  public HumanPlanRenderer(PrintWriter out, Style style) {
    this.out = Objects.requireNonNull(out, "out");
    this.style = Objects.requireNonNull(style, "style");
  }

  public void render(Plan plan) {
    if (!plan.drift().isEmpty()) {
      drift(plan.drift());
    }
    List<Change> changes = plan.changes().stream().filter(c -> c.action() != Action.NO_OP).toList();
    if (changes.isEmpty()) {
      noChanges(plan);
    } else {
      legend(changes);
      out.println(style.bold("nixinfra will perform the following actions:"));
      for (Change c : changes) {
        out.println();
        change(c);
      }
      out.println();
      Summary s = plan.summary();
      out.println(style.bold("Plan:") + " " + s.add() + " to add, " + s.change() + " to change, " + s.destroy()
          + " to destroy.");
    }
    new DiagnosticRenderer(out, style).render(plan.diagnostics());
    out.flush();
  }

  private void noChanges(Plan plan) {
    if (plan.mode() == PlanMode.DESTROY) {
      out.println(style.boldGreen("No changes.") + style.bold(" No objects need to be destroyed."));
      out.println();
      out.println("Either you have not created any objects yet or the existing objects were already deleted "
          + "outside of nixinfra.");
    } else {
      out.println(style.boldGreen("No changes.") + style.bold(" Your infrastructure matches the configuration."));
      out.println();
      if (plan.drift().isEmpty()) {
        out.println("nixinfra has compared your real infrastructure against your configuration and found no "
            + "differences, so no changes are needed.");
      } else {
        out.println("Your configuration already matches the changes detected above.");
      }
    }
  }

  private void legend(List<Change> changes) {
    Set<Action> used = EnumSet.noneOf(Action.class);
    changes.forEach(c -> used.add(c.action()));
    out.println("nixinfra used the current state and configuration to generate the following execution plan. "
        + "Resource actions are indicated with the following symbols:");
    for (Action a : List.of(Action.CREATE, Action.UPDATE, Action.REPLACE, Action.DELETE)) {
      if (used.contains(a)) {
        out.println(style.paddedSymbol(a) + " " + switch (a) {
          case CREATE -> "create";
          case UPDATE -> "update in-place";
          case REPLACE -> "destroy and then create replacement";
          default -> "destroy";
        });
      }
    }
    out.println();
  }

  private void change(Change change) {
    Address a = change.address();
    ResourceBlock block = new ResourceBlock(style, change.action(), a);
    if (change instanceof Change.Create c) {
      out.println(header(a, "will be created"));
      c.planned().values().forEach(block::added);
    } else if (change instanceof Change.Update u) {
      out.println(header(a, "will be updated in-place"));
      List<String> inline = u.warnings().stream().filter(w -> isInlineWarning(a, u, w)).toList();
      u.warnings().stream().filter(w -> !inline.contains(w)).forEach(w -> out.println("  # " + style.yellow(w)));
      block.diff(u.prior(), u.planned(), n -> updateWarning(a, n)
          .filter(w -> !Objects.equals(u.prior().get(n), u.planned().get(n)))
          .map(w -> style.yellow("# disruptive: " + w)).orElse(""));
    } else if (change instanceof Change.Replace r) {
      out.println(header(a, switch (r.reason()) {
        case CANNOT_UPDATE -> "must be replaced";
        case TAINTED -> "is tainted, so must be replaced";
        case REQUESTED -> "will be replaced, as requested";
      }));
      block.diff(r.prior(), r.planned(), n -> r.because().contains(n) ? style.red("# forces replacement") : "");
    } else if (change instanceof Change.Delete d) {
      out.println(header(a, "will be destroyed"));
      if (d.reason() == DeleteReason.NOT_IN_CONFIG) {
        out.println("  # (because " + a + " is not in configuration)");
      } else if (d.reason() == DeleteReason.UNMANAGED) {
        out.println("  # (because it carries this stack's labels but nothing configures it, and --prune was given)");
      }
      gone(block, d.prior());
    }
    block.write(out);
  }

  private void drift(List<Drift> drift) {
    out.println(style.bold("Note: Objects have changed outside of nixinfra"));
    out.println();
    out.println("nixinfra detected the following changes made outside of nixinfra since the last "
        + "\"nixinfra apply\" which may have affected this plan:");
    for (Drift d : drift) {
      out.println();
      if (d.now().isEmpty()) {
        out.println(header(d.address(), "has been deleted"));
        ResourceBlock block = new ResourceBlock(style, Action.DELETE, d.address());
        gone(block, d.recorded());
        block.write(out);
      } else {
        out.println(header(d.address(), "has changed"));
        new ResourceBlock(style, Action.UPDATE, d.address()).diff(d.recorded(), d.now().get(), n -> "").write(out);
      }
    }
    out.println();
    out.println("Unless you have made equivalent changes to your configuration, the following plan may include "
        + "actions to undo or respond to these changes.");
    out.println();
  }

  /** A resource that goes away, compactly: its identifying attributes (all, if it has none) and a hidden count. */
  private static void gone(ResourceBlock block, Attributes prior) {
    List<String> shown = IDENTIFYING.stream().filter(prior::has).toList();
    if (shown.isEmpty()) {
      shown = List.copyOf(prior.names());
    }
    shown.forEach(n -> block.removed(n, prior.get(n).orElseThrow()));
    block.hide(prior.names().size() - shown.size());
  }

  private String header(Address address, String what) {
    return style.bold("  # " + address + " " + what);
  }

  private static Optional<String> updateWarning(Address address, String attribute) {
    return ResourceTypes.find(address.type()).flatMap(t -> t.attribute(attribute))
        .flatMap(AttributeSpec::updateWarning);
  }

  /**
   * True when {@code warning} (as the planner words it: {@code <attribute>: <warning>}) is shown next to a changed
   * attribute, so it need not be repeated above the block.
   */
  private static boolean isInlineWarning(Address address, Change.Update u, String warning) {
    Set<String> names = new java.util.TreeSet<>(u.prior().names());
    names.addAll(u.planned().names());
    return names.stream()
        .filter(n -> !Objects.equals(u.prior().get(n), u.planned().get(n)))
        .anyMatch(n -> updateWarning(address, n).map(w -> n + ": " + w).filter(warning::equals).isPresent());
  }
}
