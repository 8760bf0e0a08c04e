package dev.nixinfra.core.apply;

import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.StateException;

/** Persists each new snapshot during apply; the engine calls it after every resource operation, one at a time. */
@FunctionalInterface
public interface StateWriter {
  void write(State next) throws StateException;
}
