package dev.nixinfra.providers.bootstrap;

import java.util.Optional;

/** The {@code ID} of an {@code /etc/os-release} file, as the bootstrap decides by it. */
public final class OsRelease {
  /** The command that prints the file; a missing file prints nothing rather than failing. */
  public static final String COMMAND = "cat /etc/os-release 2>/dev/null || true";

  public static final String NIXOS = "nixos";

  private OsRelease() {}

  /** The value of the {@code ID=} line without quotes, for example {@code ubuntu}; empty when there is none. */
  public static Optional<String> id(String text) {
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("ID=")) {
        String v = line.substring(3).strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
          v = v.substring(1, v.length() - 1);
        }
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
