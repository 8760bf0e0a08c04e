package dev.nixinfra.core.check;

import java.util.Objects;

/** What one step of a check found. */
public sealed interface StepResult {
  CheckStep step();

  /** @param detail what proves it, such as {@code built on arm1 (hostname arm1)} */
  record Passed(CheckStep step, String detail) implements StepResult {
    public Passed {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * @param cause the diagnosis in plain words, with Nix's or ssh's own message where it helps
   * @param fix what to do about it
   */
  record Failed(CheckStep step, String cause, String fix) implements StepResult {
    public Failed {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(fix, "fix");
    }
  }

  /** Not attempted, because an earlier step failed or the pair is not applied yet. */
  record NotRun(CheckStep step, String reason) implements StepResult {
    public NotRun {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
