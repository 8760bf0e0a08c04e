package dev.nixinfra.cli;

/** The exit codes, as Terraform's: scripts and CI branch on them. */
public final class ExitCodes {
  /** Success; with {@code plan --detailed-exitcode}, success with no changes. */
  public static final int OK = 0;
  /** Any error, including bad input and a declined apply. */
  public static final int ERROR = 1;
  /** {@code plan --detailed-exitcode} only: success, and the plan has changes. */
  public static final int CHANGES = 2;
  /** Stopped by a second Ctrl-C, as shells report SIGINT. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
