package dev.nixinfra.providers.nixos;

import dev.nixinfra.core.config.ClientConfig;
import dev.nixinfra.providers.nix.MachineEntry;
import dev.nixinfra.providers.nix.MachinesFile;
import dev.nixinfra.providers.nix.NixVersion;
import dev.nixinfra.providers.nix.SshConfigAlias;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders the client module for NixOS ({@code /etc/nixos/nixinfra-client.nix}) and nix-darwin
 * ({@code nixinfra-client.nix} next to the darwin configuration): {@code nix.distributedBuilds = true},
 * {@code nix.buildMachines} (shared reference §2.1, §2.4) and {@code nix.settings}. The module's own renderer then
 * writes {@code /etc/nix/machines}; nothing else of the machine is touched.
 *
 * <p>A builder on a port other than 22, or at an IPv6 literal, is reached through an ssh_config {@code Host} alias
 * {@code nixinfra-<builder>} and {@code hostName} names the alias, as nix-darwin's linux-builder does (§1.4, §2.4):
 * the modules render {@code ssh-ng://user@hostName}, which before Nix 2.31 cannot hold a port, and a pinned
 * {@code publicHostKey} is looked up under {@code HostKeyAlias}. On NixOS the alias goes into
 * {@code programs.ssh.extraConfig} (§2.2, a lines option that merges); on nix-darwin into
 * {@code environment.etc."ssh/ssh_config.d/100-nixinfra.conf".text}, which macOS's ssh_config includes (§2.4).
 */
public final class ClientModule {
  /** Where the NixOS client module lives. */
  public static final String NIXOS_PATH = "/etc/nixos/nixinfra-client.nix";
  /** Where the nix-darwin client module lives: next to /etc/nix-darwin/configuration.nix or its flake. */
  public static final String DARWIN_PATH = "/etc/nix-darwin/nixinfra-client.nix";
  /** How a configuration imports the client module (NixOS and nix-darwin alike). */
  public static final String IMPORT = "./nixinfra-client.nix";
  /** The nix-darwin file that carries the aliases; 100- like the linux-builder's, read by root's ssh. */
  public static final String DARWIN_SSH_CONFIG = "ssh/ssh_config.d/100-nixinfra.conf";

  private ClientModule() {}

  /** The type of {@code nix.buildMachines.*.speedFactor} in the target's module system. */
  public enum SpeedFactorType {
    /** {@code types.int}: nix-darwin, and nixpkgs before the float change. */
    INT,
    /** {@code types.numbers.positive}: current nixpkgs. Still integral for Nix before 2.20, which rejects floats. */
    POSITIVE_NUMBER
  }

  /**
   * A client's own settings.
   *
   * @param maxJobs builds the client runs itself; empty leaves its setting ({@code 0} = remote only)
   */
  public record ClientSettings(boolean buildersUseSubstitutes, Optional<Integer> maxJobs) {
    public ClientSettings {
      Objects.requireNonNull(maxJobs, "maxJobs");
      if (maxJobs.isPresent() && maxJobs.get() < 0) {
        throw new IllegalArgumentException("max-jobs must not be negative: " + maxJobs.get());
      }
    }

    public static ClientSettings of(ClientConfig client) {
      return new ClientSettings(client.buildersUseSubstitutes(), client.maxJobs());
    }
  }

  /**
   * A rendered module.
   *
   * @param text the module, ending in a newline
   * @param aliases the ssh_config blocks the module declares, in machine order
   * @param warnings e.g. a fractional speed factor rounded up
   */
  public record Rendered(String text, List<SshConfigAlias> aliases, List<String> warnings) {
    public Rendered {
      Objects.requireNonNull(text, "text");
      aliases = List.copyOf(aliases);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * The NixOS client module.
   *
   * @param clientNix the Nix the client runs, which decides whether a fractional speed factor is safe
   * @param speedFactorType the option's type in the client's nixpkgs
   */
  public static Rendered renderNixos(List<MachineEntry> machines, ClientSettings settings, NixVersion clientNix,
      SpeedFactorType speedFactorType) {
    return render(machines, settings, clientNix, speedFactorType, false);
  }

  /** The nix-darwin client module: {@code speedFactor} is {@code types.int} there (§2.4). */
  public static Rendered renderDarwin(List<MachineEntry> machines, ClientSettings settings, NixVersion clientNix) {
    return render(machines, settings, clientNix, SpeedFactorType.INT, true);
  }

  private static Rendered render(List<MachineEntry> machines, ClientSettings settings, NixVersion clientNix,
      SpeedFactorType type, boolean darwin) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clientNix, "clientNix");
    Objects.requireNonNull(type, "speedFactorType");
    boolean integral = type == SpeedFactorType.INT || !clientNix.acceptsFractionalSpeedFactor();
    List<SshConfigAlias> aliases = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    b.append("# Managed by nixinfra: it owns this whole file, rewrites it on apply and deletes it on destroy.\n")
        .append("# Change nixinfra.yaml instead of editing this file. Imported from the ")
        .append(darwin ? "nix-darwin" : "NixOS").append(" configuration.\n")
        .append("{ config, lib, pkgs, ... }:\n{\n")
        .append("  nix.distributedBuilds = true;\n")
        .append("  nix.buildMachines = [");
    for (MachineEntry m : machines) {
      String hostName = m.host();
      if (m.port() != 22 || m.host().indexOf(':') >= 0) {
        SshConfigAlias alias = SshConfigAlias.forBuilder(m.builder(), m.host(), m.port());
        aliases.add(alias);
        hostName = alias.alias();
      }
      String speed = speedFactor(m.speedFactor(), integral, clientNix);
      if (integral && m.speedFactor() != Math.rint(m.speedFactor())) {
        warnings.add(m.builder() + ": " + (type == SpeedFactorType.INT ? "nix.buildMachines takes a whole speed factor"
            : "Nix " + clientNix + " takes a whole speed factor") + "; "
            + BigDecimal.valueOf(m.speedFactor()).toPlainString() + " is written as " + speed);
      }
      b.append("\n    {\n")
          .append("      hostName = ").append(NixString.quote(hostName)).append(";\n")
          .append("      protocol = ").append(NixString.quote(m.scheme())).append(";\n")
          .append("      sshUser = ").append(NixString.quote(m.user())).append(";\n")
          .append("      sshKey = ").append(NixString.quote(m.keyPath())).append(";\n")
          .append("      systems = ").append(NixValues.stringList(m.systems())).append(";\n")
          .append("      maxJobs = ").append(NixValues.integer(m.maxJobs())).append(";\n")
          .append("      speedFactor = ").append(speed).append(";\n")
          .append("      supportedFeatures = ").append(NixValues.stringList(m.allSupportedFeatures())).append(";\n")
          .append("      mandatoryFeatures = ").append(NixValues.stringList(m.mandatoryFeatures())).append(";\n");
      m.hostKey().ifPresent(k -> b.append("      publicHostKey = ")
          .append(NixString.quote(MachinesFile.base64HostKey(k))).append(";\n"));
      b.append("    }");
    }
    b.append(machines.isEmpty() ? " ];\n" : "\n  ];\n");
    b.append("  nix.settings.builders-use-substitutes = ")
        .append(NixValues.bool(settings.buildersUseSubstitutes())).append(";\n");
    settings.maxJobs().ifPresent(j -> b.append("  nix.settings.max-jobs = ").append(NixValues.integer(j)).append(";\n"));
    if (!aliases.isEmpty()) {
      String config = SshConfigAlias.renderAll(aliases);
      b.append("\n  # Builders Nix cannot address directly: root's ssh reaches them through these aliases.\n");
      if (darwin) {
        b.append("  environment.etc.").append(NixValues.attrName(DARWIN_SSH_CONFIG)).append(".text = ");
      } else {
        b.append("  programs.ssh.extraConfig = ");
      }
      b.append(NixString.quote(config)).append(";\n");
    }
    return new Rendered(ModuleMarker.seal(b.append("}\n").toString(), "client"), aliases, warnings);
  }

  /**
   * A Nix number literal: a whole number rounded up (at least 1, so a builder configured faster than 1 never
   * becomes slower than another) when {@code integral}, else the configured value ({@code 1.5}, {@code 2}).
   */
  static String speedFactor(double value, boolean integral, NixVersion clientNix) {
    if (integral) {
      return Long.toString(Math.max(1L, (long) Math.ceil(value)));
    }
    return MachinesFile.speedFactor(value, clientNix);
  }
}
