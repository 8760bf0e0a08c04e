package dev.nixinfra.providers.host;

import dev.nixinfra.providers.nixos.ImportLine;
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

  /** The system whose configuration.nix is a key of {@code files}; empty for files of plain Nix. */
  static Optional<ModuleSystem> of(Map<String, ?> files) {
    return files.containsKey(NIXOS.configurationNix()) ? Optional.of(NIXOS)
        : files.containsKey(DARWIN.configurationNix()) ? Optional.of(DARWIN) : Optional.empty();
  }
}
