package dev.nixinfra.core.config;

/** How a client's Nix is configured, which decides where its machines file and settings are written. Spelled in YAML as the lower-case name with {@code -} for {@code _}. */
public enum ClientKind {
  NIXOS, NIX_DARWIN, NIX_LINUX, NIX_MACOS;

  /** The spelling in nixinfra.yaml and in resource attributes. */
  public String wire() {
    return Wire.of(this);
  }
}
