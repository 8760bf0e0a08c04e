package dev.nixinfra.core.config;

import java.util.List;
import java.util.Optional;

/** The Nix system types a builder may declare. */
public final class SystemTypes {
  public static final List<String> KNOWN = List.of(
      "x86_64-linux", "aarch64-linux", "i686-linux", "armv7l-linux", "armv6l-linux", "riscv64-linux",
      "powerpc64le-linux", "x86_64-darwin", "aarch64-darwin", "x86_64-freebsd", "aarch64-freebsd");

  private SystemTypes() {}

  public static boolean isKnown(String system) {
    return KNOWN.contains(system);
  }

  public static boolean isLinux(String system) {
    return system.endsWith("-linux");
  }

  /**
   * The Hetzner Cloud architecture whose servers build {@code system} natively: {@code arm} (CAX) for
   * aarch64-linux, {@code x86} for x86_64-linux and i686-linux; empty for every other system.
   */
  public static Optional<String> hetznerArchitecture(String system) {
    return switch (system) {
      case "aarch64-linux" -> Optional.of("arm");
      case "x86_64-linux", "i686-linux" -> Optional.of("x86");
      default -> Optional.empty();
    };
  }
}
