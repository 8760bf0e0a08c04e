package dev.nixinfra.providers.nixos;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proof that a module is active. Each module nixinfra renders ends with
 * {@code environment.etc."nixinfra/<role>.active".text = "<sha256>\n";}, the sha256 of the module's text above
 * that line. NixOS and nix-darwin create {@code /etc/nixinfra/<role>.active} only from the configuration that is
 * switched to, so {@code check} compares that file with the module nixinfra wrote: the same hash means this very
 * module is active; another hash that an older one is (a switch is pending); no file that the module is not part
 * of the running system (for example a flake that does not import it yet). Pure.
 */
public final class ModuleMarker {
  private static final Pattern LINE =
      Pattern.compile("(?m)^  environment\\.etc\\.\"nixinfra/([a-z][a-z0-9-]*)\\.active\"\\.text = \"([0-9a-f]{64})\\\\n\";$");

  /** A module nixinfra owns: {@code nixinfra-<role>.nix} in /etc/nixos or /etc/nix-darwin. */
  private static final Pattern MODULE =
      Pattern.compile("/etc/(?:nixos|nix-darwin)/nixinfra-([A-Za-z0-9][A-Za-z0-9_-]*)\\.nix");

  private ModuleMarker() {}

  /**
   * The role of the module nixinfra owns at {@code path}, from its file name: {@code builder}, {@code client}, or
   * {@code tenant-<builder>-<tenant>}; empty for any other path.
   */
  public static Optional<String> roleOf(String path) {
    Matcher m = MODULE.matcher(path);
    return m.matches() ? Optional.of(role(m.group(1))) : Optional.empty();
  }

  /** A role as the marker's file name takes it: lower case, {@code -} for {@code _}. */
  static String role(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Where the running system has the marker of {@code role}: builder, client or tenant-{@code <name>}. */
  public static String path(String role) {
    return "/etc/nixinfra/" + role + ".active";
  }

  /** {@code module} (a whole module ending in {@code }\n}) with the marker of {@code role} as its last setting. */
  static String seal(String module, String role) {
    if (!module.endsWith("}\n")) {
      throw new IllegalArgumentException("a module ends with }, not: " + module);
    }
    return module.substring(0, module.length() - 2)
        + "\n  # Proof for `nixinfra check` that this module is the one the running system was built from.\n"
        + "  environment.etc.\"nixinfra/" + role + ".active\".text = \"" + sha256(module) + "\\n\";\n}\n";
  }

  /** The hash the marker of a sealed module holds; empty when the text has no marker. */
  public static Optional<String> expected(String sealedModule) {
    Matcher m = LINE.matcher(sealedModule);
    return m.find() ? Optional.of(m.group(2)) : Optional.empty();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
