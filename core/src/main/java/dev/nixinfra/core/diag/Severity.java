package dev.nixinfra.core.diag;

/** How serious a diagnostic is: an error stops the command, a warning is shown and the command goes on. */
public enum Severity {
  ERROR,
  WARNING
}
