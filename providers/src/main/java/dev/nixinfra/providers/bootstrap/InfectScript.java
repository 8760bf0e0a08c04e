package dev.nixinfra.providers.bootstrap;

import dev.nixinfra.providers.ssh.Shell;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One reviewed version of nixos-infect: the commit of elitak/nixos-infect and the sha256 of the script at that
 * commit. The script is GPL-3.0 and is never shipped with nixinfra; the host downloads it from the raw URL of the
 * commit and checks the sha256 before it runs anything, so neither a moved branch nor a tampered download can run.
 *
 * @param commit abbreviated or full commit hash (7 to 40 lowercase hex digits)
 * @param sha256 the expected sha256 of the script, 64 hex digits (stored lowercase)
 */
public record InfectScript(String commit, String sha256) {
  /** Where the script is fetched from; the commit is appended, then the file name. */
  public static final String RAW_BASE = "https://raw.githubusercontent.com/elitak/nixos-infect/";

  /**
   * Printed by {@link #command} on stdout after the checksum passed and right before nixos-infect starts. Output
   * before this line means nothing on the host was changed; once it appeared, the host may be half converted.
   */
  public static final String STARTED = "nixinfra: nixos-infect checksum verified, running it now";

  /** Exit status of {@link #command} when the download's sha256 is not the pinned one; nothing was run. */
  public static final int EXIT_MISMATCH = 65;

  /** Exit status of {@link #command} when the script could not be downloaded; nothing was run. */
  public static final int EXIT_DOWNLOAD = 66;

  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._-]+");

  public InfectScript {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(sha256, "sha256");
    if (!COMMIT.matcher(commit).matches()) {
      throw new IllegalArgumentException("a nixos-infect commit must be 7 to 40 lowercase hex digits, not '"
          + commit + "'");
    }
    sha256 = sha256.toLowerCase(Locale.ROOT);
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("the sha256 of nixos-infect " + commit + " must be 64 hex digits, not '"
          + sha256 + "'");
    }
  }

  /** The raw URL of the script at {@link #commit()}. */
  public String url() {
    return RAW_BASE + commit + "/nixos-infect";
  }

  /**
   * The remote {@code sh} command line that runs nixos-infect as root: downloads the script to a temporary file
   * (curl, else wget), compares its sha256 with {@link #sha256()} and exits {@link #EXIT_MISMATCH} on a mismatch
   * with "expected ..., found ..." on stderr, then prints {@link #STARTED} and runs it with {@code bash}, with
   * {@code NIX_CHANNEL=channel}, {@code NO_REBOOT=1} (the bootstrap reboots itself, after it saw the exit status)
   * and, for Hetzner Cloud servers only, {@code PROVIDER=hetznercloud} (static network config from the current
   * addresses; a plain Debian or Ubuntu host keeps nixos-infect's own detection). The temporary file is removed on
   * exit. The exit status is nixos-infect's.
   *
   * @param channel the NixOS channel, for example {@code nixos-25.05}
   * @param hetzner whether the host is a Hetzner Cloud server
   */
  public String command(String channel, boolean hetzner) {
    Objects.requireNonNull(channel, "channel");
    if (!CHANNEL.matcher(channel).matches()) {
      throw new IllegalArgumentException("a NixOS channel is a name like nixos-25.05, not '" + channel + "'");
    }
    String url = Shell.quote(url());
    String env = (hetzner ? "PROVIDER=hetznercloud " : "") + "NIX_CHANNEL=" + Shell.quote(channel) + " NO_REBOOT=1";
    String failed = "{ echo " + Shell.quote("nixinfra: could not download " + url()) + " >&2; exit "
        + EXIT_DOWNLOAD + "; }";
    return String.join("\n",
        "set -u",
        "f=$(mktemp /tmp/nixos-infect.XXXXXX) || exit " + EXIT_DOWNLOAD,
        "trap 'rm -f \"$f\"' EXIT",
        "if command -v curl >/dev/null 2>&1; then curl -fsSL --retry 3 -o \"$f\" " + url + " || " + failed,
        "elif command -v wget >/dev/null 2>&1; then wget -q -O \"$f\" " + url + " || " + failed,
        "else echo 'nixinfra: neither curl nor wget is installed; install one of them' >&2; exit " + EXIT_DOWNLOAD
            + "; fi",
        "found=$(sha256sum \"$f\" | cut -d ' ' -f 1)",
        "if [ \"$found\" != " + sha256 + " ]; then",
        "  echo \"nixinfra: refusing to run nixos-infect " + commit + ": sha256 mismatch: expected " + sha256
            + ", found $found (" + url() + ")\" >&2",
        "  exit " + EXIT_MISMATCH,
        "fi",
        "echo " + Shell.quote(STARTED),
        "env " + env + " bash \"$f\"");
  }
}
