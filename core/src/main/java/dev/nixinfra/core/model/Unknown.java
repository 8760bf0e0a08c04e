package dev.nixinfra.core.model;

/**
 * A value that is not known until apply, such as the IP address of a server that does not exist yet.
 * Shown to users as "(known after apply)".
 */
public enum Unknown {
  VALUE;

  @Override
  public String toString() {
    return "(known after apply)";
  }
}
