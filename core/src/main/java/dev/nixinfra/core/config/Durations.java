package dev.nixinfra.core.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them in the configuration: a whole number and a unit, {@code s}, {@code m} or {@code h}
 * ({@code 90s}, {@code 20m}, {@code 1h}), as {@code --lock-timeout} takes them on the command line. The unit is
 * required here: a bare {@code 20} could mean seconds or minutes, and a file is read long after it was written.
 */
final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|h)");

  private Durations() {}

  /** The duration, or empty when {@code text} is not a whole number with one of the units. */
  static Optional<Duration> parse(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    return Optional.of(switch (m.group(2)) {
      case "h" -> Duration.ofHours(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofSeconds(n);
    });
  }

  /** The shortest spelling {@link #parse} reads back: {@code 2h}, {@code 20m}, {@code 90s}. */
  static String format(Duration d) {
    long s = d.toSeconds();
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s != 0 && s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
