package dev.nixinfra.core.state;

/** Reading, writing or locking state failed. The message is for the user: what failed, where, and what to do. */
public class StateException extends Exception {
  public StateException(String message) {
    super(message);
  }

  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
