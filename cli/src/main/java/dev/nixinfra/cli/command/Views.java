package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliContext;
import dev.nixinfra.cli.render.ApplyProgressRenderer;
import dev.nixinfra.cli.render.DiagnosticJson;
import dev.nixinfra.cli.render.DiagnosticRenderer;
import dev.nixinfra.cli.render.HumanPlanRenderer;
import dev.nixinfra.cli.render.JsonPlanRenderer;
import dev.nixinfra.cli.render.StateRenderer;
import dev.nixinfra.cli.render.Style;
import dev.nixinfra.core.apply.ApplyListener;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where commands send what they show: results to standard output, diagnostics and progress notes to standard
 * error, in colour only when the context allows it.
 */
final class Views {
  private final CliContext cli;
  private final Style style;

  Views(CliContext cli) {
    this.cli = cli;
    this.style = Style.of(cli.colour());
  }

  void warnings(List<Diagnostic> warnings) {
    errors(warnings);
  }

  void errors(List<Diagnostic> diagnostics) {
    if (!diagnostics.isEmpty()) {
      new DiagnosticRenderer(cli.err(), style).render(diagnostics);
    }
  }

  void plan(Plan plan) {
    new HumanPlanRenderer(cli.out(), style).render(plan);
  }

  void jsonPlan(Plan plan) {
    new JsonPlanRenderer(cli.out()).render(plan);
  }

  void jsonValidation(List<Diagnostic> diagnostics) {
    new DiagnosticJson(cli.out()).renderValidation(diagnostics);
  }

  void state(State state) {
    new StateRenderer(cli.out(), style).render(state);
  }

  void resource(ResourceState resource) {
    new StateRenderer(cli.out(), style).render(resource);
  }

  void jsonState(Optional<State> state) {
    new StateRenderer(cli.out(), style).renderJson(state);
  }

  void applyComplete(int added, int changed, int destroyed, PlanMode mode) {
    new ApplyProgressRenderer(cli.out(), style).complete(added, changed, destroyed, mode == PlanMode.DESTROY);
  }

  /** Apply progress as CI-friendly lines on standard output. */
  ApplyListener progress() {
    ApplyProgressRenderer r = new ApplyProgressRenderer(cli.out(), style);
    return new ApplyListener() {
      @Override
      public void starting(Change change) {
        r.starting(change.address(), change.action());
      }

      @Override
      public void stillRunning(Change change, Duration elapsed) {
        r.stillRunning(change.address(), change.action(), elapsed);
      }

      @Override
      public void finished(Change change, Duration elapsed, Optional<ResourceState> result) {
        r.finished(change.address(), change.action(), elapsed, result.map(ResourceState::id).orElse(""));
      }

      @Override
      public void failed(Change change, String message) {
        r.failed(change.address(), change.action(), message);
      }

      @Override
      public void skipped(Change change, Address cause) {
        r.skipped(change.address(), cause);
      }

      @Override
      public void output(Address address, String line) {
        r.output(address, line);
      }
    };
  }
}
