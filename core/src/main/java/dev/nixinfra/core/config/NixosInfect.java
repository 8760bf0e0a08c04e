package dev.nixinfra.core.config;

/** Constants of the nixos-infect bootstrap. */
public final class NixosInfect {
  /**
   * The nixos-infect commit a bootstrap runs: the pinned default. This is a marker, not a commit hash; issue 5
   * replaces it with the real, reviewed commit of elitak/nixos-infect. Pinning matters because the script runs as
   * root on a fresh server, and a change of it replaces the {@code nixos_infect} resource.
   */
  public static final String DEFAULT_COMMIT = "pinned-default";

  /** The channel installed when the config does not name one. */
  public static final String DEFAULT_CHANNEL = "nixos-25.05";

  private NixosInfect() {}
}
