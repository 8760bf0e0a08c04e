package dev.nixinfra.core.config;

/** How a fresh machine is turned into a builder; today only nixos-infect, which makes it NixOS. Spelled in YAML as the lower-case name with {@code -} for {@code _}. */
public enum Bootstrap {
  NIXOS_INFECT;

  /** The spelling in nixinfra.yaml and in resource attributes. */
  public String wire() {
    return Wire.of(this);
  }
}
