package dev.nixinfra.cli.command;

import dev.nixinfra.core.apply.ApplyListener;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.plan.Change;
import java.time.Duration;
import java.util.Optional;

/** Tells two listeners every event, first then second: the progress display and the run's log. */
record BothListeners(ApplyListener first, ApplyListener second) implements ApplyListener {
  @Override
  public void starting(Change change) {
    first.starting(change);
    second.starting(change);
  }

  @Override
  public void stillRunning(Change change, Duration elapsed) {
    first.stillRunning(change, elapsed);
    second.stillRunning(change, elapsed);
  }

  @Override
  public void finished(Change change, Duration elapsed, Optional<ResourceState> result) {
    first.finished(change, elapsed, result);
    second.finished(change, elapsed, result);
  }

  @Override
  public void failed(Change change, String message) {
    first.failed(change, message);
    second.failed(change, message);
  }

  @Override
  public void skipped(Change change, Address cause) {
    first.skipped(change, cause);
    second.skipped(change, cause);
  }

  @Override
  public void notStarted(Change change) {
    first.notStarted(change);
    second.notStarted(change);
  }

  @Override
  public void output(Address address, String line) {
    first.output(address, line);
    second.output(address, line);
  }
}
