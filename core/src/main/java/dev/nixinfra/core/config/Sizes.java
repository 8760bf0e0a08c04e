package dev.nixinfra.core.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes of disk and memory as users write them: a whole number of bytes, or a number with a unit. The units are
 * binary, as in nix.conf: {@code K}, {@code KiB} = 1024 bytes, likewise {@code M}/{@code MiB}, {@code G}/{@code GiB},
 * {@code T}/{@code TiB}; {@code B} is bytes.
 */
final class Sizes {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|K|M|G|T|KiB|MiB|GiB|TiB)?");
  private static final Pattern PERCENT = Pattern.compile("(\\d+)%");

  private Sizes() {}

  /** The number of bytes, or empty when {@code text} is not a size or does not fit in a long. */
  static Optional<Long> parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String unit = m.group(2) == null ? "B" : m.group(2);
    int shift = switch (unit.charAt(0)) {
      case 'K' -> 10;
      case 'M' -> 20;
      case 'G' -> 30;
      case 'T' -> 40;
      default -> 0;
    };
    try {
      long n = Long.parseLong(m.group(1));
      if (n > (Long.MAX_VALUE >> shift)) {
        return Optional.empty();
      }
      return Optional.of(n << shift);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** True for {@code 1%} to {@code 100%}. */
  static boolean isPercent(String text) {
    Matcher m = PERCENT.matcher(text);
    if (!m.matches() || m.group(1).length() > 3) {
      return false;
    }
    int p = Integer.parseInt(m.group(1));
    return p >= 1 && p <= 100;
  }
}
