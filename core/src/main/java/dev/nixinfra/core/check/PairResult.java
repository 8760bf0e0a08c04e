package dev.nixinfra.core.check;

import dev.nixinfra.core.model.Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The check of one client against one of its builders.
 *
 * @param steps one result per {@link CheckStep}, in order
 */
public record PairResult(Address client, Address builder, List<StepResult> steps) {
  public PairResult {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(builder, "builder");
    steps = List.copyOf(steps);
    if (steps.size() != CheckStep.values().length) {
      throw new IllegalArgumentException("a check has one result per step, got " + steps);
    }
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).step() != CheckStep.values()[i]) {
        throw new IllegalArgumentException("steps out of order: " + steps);
      }
    }
  }

  public boolean passed() {
    return steps.stream().allMatch(StepResult.Passed.class::isInstance);
  }

  /** The first step that did not pass, with why. */
  public Optional<StepResult> problem() {
    return steps.stream().filter(s -> !(s instanceof StepResult.Passed)).findFirst();
  }

  /** Every step not run, for the same reason: the pair cannot be checked at all. */
  public static PairResult notRun(Address client, Address builder, String reason) {
    return new PairResult(client, builder, java.util.Arrays.stream(CheckStep.values())
        .map(s -> (StepResult) new StepResult.NotRun(s, reason)).toList());
  }
}
