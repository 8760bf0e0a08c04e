package dev.nixinfra.core.config;

import java.util.Objects;

/**
 * A value that must never be shown: an API token or a database URL that may hold a password. {@link #toString()}
 * prints {@code (sensitive)}; only code that hands the value to its consumer calls {@link #value()}.
 *
 * @param value the resolved value
 * @param source where it came from, safe to show, for example {@code env:HCLOUD_TOKEN} or {@code nixinfra.yaml}
 */
public record Secret(String value, String source) {
  public Secret {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
  }

  @Override
  public String toString() {
    return "(sensitive)";
  }
}
