package dev.nixinfra.cli;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Ctrl-C handling, as Terraform's: the first interrupt asks the run to stop starting new work, lets what is in
 * flight finish and state be saved; the second exits at once.
 */
final class Interrupts {
  private Interrupts() {}

  static void install(CliContext cli) {
    AtomicInteger count = new AtomicInteger();
    try {
      Signal.handle(new Signal("INT"), s -> {
        if (count.incrementAndGet() == 1) {
          cli.cancelled().set(true);
          cli.err().println();
          cli.err().println("Interrupt received. Please wait for nixinfra to exit or data loss may occur.");
          cli.err().println("Gracefully shutting down: running operations finish and are recorded in state...");
          cli.err().flush();
        } else {
          cli.err().println("Two interrupts received. Exiting immediately. Operations still running were not "
              + "recorded in state; the next plan shows them.");
          cli.err().flush();
          Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        }
      });
    } catch (IllegalArgumentException e) {
      // No SIGINT on this platform or it is reserved: the JVM's default handling applies.
    }
  }
}
