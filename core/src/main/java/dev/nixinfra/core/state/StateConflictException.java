package dev.nixinfra.core.state;

/** A write was refused because the stored state is not the one the writer read (other lineage or newer serial). */
public final class StateConflictException extends StateException {
  public StateConflictException(String message) {
    super(message);
  }
}
