package dev.nixinfra.core.apply;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.State;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an apply ended.
 *
 * @param state the last snapshot, which the engine also handed to the state writer unless
 *     {@code stateWriteFailure} is present (then the CLI must save it somewhere else, so nothing is lost)
 * @param failures the resources whose operation failed, with the reason
 * @param skipped the resources not started because something they depend on failed
 * @param notStarted the resources not started because the run was interrupted
 */
public record ApplyResult(
    State state,
    int added,
    int changed,
    int destroyed,
    List<Failure> failures,
    List<Address> skipped,
    List<Address> notStarted,
    Optional<String> stateWriteFailure) {
  public ApplyResult {
    Objects.requireNonNull(state, "state");
    failures = List.copyOf(failures);
    skipped = List.copyOf(skipped);
    notStarted = List.copyOf(notStarted);
    Objects.requireNonNull(stateWriteFailure, "stateWriteFailure");
  }

  public record Failure(Address address, String message) {
    public Failure {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(message, "message");
    }
  }

  public boolean succeeded() {
    return failures.isEmpty() && skipped.isEmpty() && notStarted.isEmpty() && stateWriteFailure.isEmpty();
  }
}
