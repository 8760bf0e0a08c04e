package dev.nixinfra.core.check;

/** The steps of one client × builder check, in order: each needs the one before to have passed. */
public enum CheckStep {
  MODULES("modules", "nixinfra's NixOS or nix-darwin modules are active on the client and the builder"),
  SSH("ssh", "the client's root logs in to the builder with its key"),
  STORE("store", "the builder's Nix store answers and trusts the build user"),
  BUILD("build", "a unique probe derivation started on the client is built on this builder");

  private final String wire;
  private final String description;

  CheckStep(String wire, String description) {
    this.wire = wire;
    this.description = description;
  }

  /** The name in JSON output and in the matrix legend. */
  public String wire() {
    return wire;
  }

  public String description() {
    return description;
  }
}
