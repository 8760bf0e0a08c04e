package dev.nixinfra.core.config;

/** What runs on a builder: any Linux or macOS with multi-user Nix, or NixOS. Spelled in YAML as the lower-case name with {@code -} for {@code _}. */
public enum BuilderOs {
  NIX, NIXOS;

  /** The spelling in nixinfra.yaml and in resource attributes. */
  public String wire() {
    return Wire.of(this);
  }
}
