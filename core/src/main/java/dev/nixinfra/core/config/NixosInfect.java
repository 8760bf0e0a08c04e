package dev.nixinfra.core.config;

import java.time.Duration;

/** Constants of the nixos-infect bootstrap. */
public final class NixosInfect {
  /**
   * The nixos-infect commit a bootstrap runs by default: elitak/nixos-infect at {@code 7563801d} (2026-01-21), the
   * version the reference (hetzner-api.md §3, anchors-iac.md) was checked against. Pinning matters because the
   * script runs as root on a fresh server (master has broken BIOS servers before), and a change of it replaces the
   * {@code nixos_infect} resource. The reference records only this abbreviated hash; GitHub's raw URLs resolve it.
   *
   * <p>Caveat from hetzner-api.md §3.5: the 2026-01 EFI rework broke BIOS machines (Hetzner CX/CPX); 6981987 is the
   * last version before it. Review the pin against the server types in use before changing either constant.
   */
  public static final String DEFAULT_COMMIT = "7563801d";

  /**
   * The sha256 (lowercase hex) of the script at {@link #DEFAULT_COMMIT}, checked on the host before it runs. Empty
   * means "not reviewed yet": the reference does not record the checksum and it cannot be invented, so it must be
   * filled in from a reviewed download of the raw URL for that commit ({@code sha256sum nixos-infect}). While it is
   * empty the bootstrap refuses to run the default commit (before touching the host) and says how to fix it.
   */
  public static final String DEFAULT_SHA256 = "";

  /** The channel installed when the config does not name one. */
  public static final String DEFAULT_CHANNEL = "nixos-25.05";

  /**
   * How long a host may take to come back over SSH, as NixOS, after the reboot that ends nixos-infect, when the
   * configuration does not say ({@code nixos_infect.reboot_timeout}). A Hetzner server needs a few minutes.
   */
  public static final Duration DEFAULT_REBOOT_TIMEOUT = Duration.ofMinutes(15);

  /**
   * The longest {@code reboot_timeout} accepted: a host that is not back after two hours needs a person, not more
   * waiting, and a typo such as {@code 20h} for {@code 20m} should not hold an apply for a day.
   */
  public static final Duration MAX_REBOOT_TIMEOUT = Duration.ofHours(2);

  private NixosInfect() {}
}
