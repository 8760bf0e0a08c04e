package dev.nixinfra.core.apply;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.plan.Change;
import java.time.Duration;
import java.util.Optional;

/**
 * Hears what apply does, from any thread. The CLI renders these as progress lines; the engine never prints.
 * Every method has an empty default so listeners implement only what they show.
 */
public interface ApplyListener {
  default void starting(Change change) {}

  /** Called periodically while {@code change} is still running. */
  default void stillRunning(Change change, Duration elapsed) {}

  /** @param result what now exists; empty after a delete */
  default void finished(Change change, Duration elapsed, Optional<ResourceState> result) {}

  default void failed(Change change, String message) {}

  /** {@code change} was not started because {@code cause} failed or was skipped itself. */
  default void skipped(Change change, Address cause) {}

  /** {@code change} was not started because the user interrupted the run. */
  default void notStarted(Change change) {}

  /** A line of remote output from work on {@code address}. */
  default void output(Address address, String line) {}
}
