package dev.nixinfra.providers.host;

import dev.nixinfra.providers.nixos.ImportLine;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A system configured by a module nixinfra imports from the user's configuration: NixOS or nix-darwin. Everything
 * {@link NixosOperations} and {@link NixosFiles} do differently on the two is here; the rest is the same.
 *
 * <p>nix-darwin's configuration is {@code /etc/nix-darwin/configuration.nix}, or a flake in {@code /etc/nix-darwin}:
 * the places nix-darwin itself uses when it runs as root, which is how nixinfra logs in. Older setups kept it in the
 * user's {@code ~/.nixpkgs/darwin-configuration.nix} (nix-darwin's README), which root cannot tell apart from other
 * users' files; nixinfra does not go looking for it and says how to move it ({@link #missingConfiguration}).
 *
 * @param name how messages call it
 * @param directory where the configuration and nixinfra's module live, ending in {@code /}
 * @param switchCommand what the user would type to switch (messages)
 * @param rollbackCommand what the user would type to roll back (messages)
 * @param shell turns a command into what runs over SSH (adds the PATH root's non-login shell may lack)
 * @param flakeGuidance the text for a flake-based configuration, from the module (e.g. {@code ./nixinfra-client.nix})
 * @param missingConfiguration how to fix a host without {@link #configurationNix}, from the import line to add
 */
record ModuleSystem(String name, String directory, String switchCommand, String rollbackCommand,
    UnaryOperator<String> shell, UnaryOperator<String> flakeGuidance, UnaryOperator<String> missingConfiguration) {
  /** nix-darwin's system profile, whose {@code bin} has darwin-rebuild; root's ssh PATH may lack it. */
  static final String DARWIN_PATH = "PATH=\"$PATH:/run/current-system/sw/bin\" ";
  static final String DARWIN_CONFIGURATION = "/etc/nix-darwin/configuration.nix";

  static final ModuleSystem NIXOS = new ModuleSystem("NixOS", "/etc/nixos/", "nixos-rebuild switch",
      "nixos-rebuild switch --rollback", c -> c, ImportLine::flakeGuidance,
      line -> "is this NixOS? Add " + line + " to your configuration");

  /**
   * The classic configuration is named to darwin-rebuild with {@code -I darwin-config=}: root's environment over SSH
   * need not have nix-darwin's NIX_PATH.
   */
  static final ModuleSystem DARWIN = new ModuleSystem("nix-darwin", "/etc/nix-darwin/",
      "darwin-rebuild switch -I darwin-config=" + DARWIN_CONFIGURATION, "darwin-rebuild switch --rollback",
      c -> DARWIN_PATH + c, ImportLine::darwinFlakeGuidance,
      line -> "is nix-darwin installed? An older setup with ~/.nixpkgs/darwin-configuration.nix is not edited by "
          + "nixinfra: move that file to " + DARWIN_CONFIGURATION + " (then run darwin-rebuild switch -I darwin-config="
          + DARWIN_CONFIGURATION + " once), or use a flake in /etc/nix-darwin; then apply again. Without nix-darwin, "
          + "use kind nix-macos");

  ModuleSystem {
    Objects.requireNonNull(name, "name");
    if (!directory.startsWith("/") || !directory.endsWith("/")) {
      throw new IllegalArgumentException("directory must be absolute and end in /: " + directory);
    }
    Objects.requireNonNull(switchCommand, "switchCommand");
    Objects.requireNonNull(rollbackCommand, "rollbackCommand");
    Objects.requireNonNull(shell, "shell");
    Objects.requireNonNull(flakeGuidance, "flakeGuidance");
    Objects.requireNonNull(missingConfiguration, "missingConfiguration");
  }

  /**
   * What switches a system whose configuration is a flake in {@link #directory}: nixos-rebuild finds
   * /etc/nixos/flake.nix by itself; darwin-rebuild is told where the flake is.
   */
  String flakeSwitchCommand() {
    return this.equals(DARWIN) ? "darwin-rebuild switch --flake " + directory.substring(0, directory.length() - 1)
        : switchCommand;
  }

  /** Whether {@code path} is where a system's import of nixinfra's module is recorded; such files are the user's. */
  static boolean isImportKey(String path) {
    return List.of(NIXOS, DARWIN).stream()
        .anyMatch(s -> path.equals(s.configurationNix()) || path.equals(s.flakeNix()));
  }

  String configurationNix() {
    return directory + "configuration.nix";
  }

  String flakeNix() {
    return directory + "flake.nix";
  }

  /** The module file (absolute) of a module named relative to the configuration ({@code ./name.nix}). */
  String modulePath(String module) {
    return directory + module.substring(2);
  }

  /**
   * The system whose configuration.nix or flake.nix is a key of {@code files} (the entry that records the import of
   * nixinfra's module, {@link #importKey}); empty for files of plain Nix.
   */
  static Optional<ModuleSystem> of(Map<String, ?> files) {
    for (ModuleSystem s : List.of(NIXOS, DARWIN)) {
      if (files.containsKey(s.configurationNix()) || files.containsKey(s.flakeNix())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * The key of {@code files} that records the import: configuration.nix, which nixinfra edits, or flake.nix, which
   * only the user edits and nixinfra only reads.
   */
  String importKey(Map<String, ?> files) {
    return files.containsKey(flakeNix()) ? flakeNix() : configurationNix();
  }
}
