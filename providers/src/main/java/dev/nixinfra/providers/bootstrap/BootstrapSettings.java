package dev.nixinfra.providers.bootstrap;

import dev.nixinfra.core.config.NixosInfect;
import java.time.Duration;
import java.util.Objects;

/**
 * How patient a bootstrap is. Immutable.
 *
 * @param rebootDeadline how long the host may take to come back over SSH after the reboot, NixOS and all
 * @param retryInterval the wait between two reconnection attempts while waiting
 * @param rebootGrace the wait after the reboot command before the first reconnection attempt, so that the old
 *     system is not mistaken for the new one while it shuts down
 * @param commandTimeout one short command (reading os-release, the reboot request, removing /old-root)
 * @param infectTimeout nixos-infect itself: installs Nix, downloads the channel and builds the system
 */
public record BootstrapSettings(Duration rebootDeadline, Duration retryInterval, Duration rebootGrace,
    Duration commandTimeout, Duration infectTimeout) {
  public BootstrapSettings {
    positive(rebootDeadline, "rebootDeadline");
    positive(retryInterval, "retryInterval");
    Objects.requireNonNull(rebootGrace, "rebootGrace");
    if (rebootGrace.isNegative()) {
      throw new IllegalArgumentException("rebootGrace must not be negative, not " + rebootGrace);
    }
    positive(commandTimeout, "commandTimeout");
    positive(infectTimeout, "infectTimeout");
  }

  /**
   * {@link NixosInfect#DEFAULT_REBOOT_TIMEOUT} (15 minutes) for the reboot, tried every 5 s after 10 s; 2 minutes
   * per short command; 60 minutes to infect. The configuration's {@code nixos_infect.reboot_timeout} replaces the
   * first through {@link #withRebootDeadline}.
   */
  public static BootstrapSettings defaults() {
    return new BootstrapSettings(NixosInfect.DEFAULT_REBOOT_TIMEOUT, Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofMinutes(2), Duration.ofMinutes(60));
  }

  public BootstrapSettings withRebootDeadline(Duration deadline) {
    return new BootstrapSettings(deadline, retryInterval, rebootGrace, commandTimeout, infectTimeout);
  }

  public BootstrapSettings withRetry(Duration interval, Duration grace) {
    return new BootstrapSettings(rebootDeadline, interval, grace, commandTimeout, infectTimeout);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }
}
