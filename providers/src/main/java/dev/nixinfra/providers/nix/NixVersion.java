package dev.nixinfra.providers.nix;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Nix implementation and version as {@code nix --version} prints it, and what that version accepts in the files
 * nixinfra writes. Every predicate cites the version split it encodes (docs: shared reference "nix-remote-builds",
 * §1.3–§1.5, §5).
 *
 * <p>Ordering compares the version numbers only; a pre-release ({@code 2.31.0pre20250701_abc}) sorts <em>before</em>
 * its release, so a feature that arrived "in 2.31" is not assumed of a 2.31 development build. That errs on the side
 * of the form every older Nix also reads.
 *
 * @param flavor whose Nix: upstream, Determinate's distribution of upstream, or the Lix fork
 * @param suffix whatever follows {@code major.minor.patch} ({@code pre20250701_abc}, {@code rc1}); empty for a release
 */
public record NixVersion(Flavor flavor, int major, int minor, int patch, String suffix)
    implements Comparable<NixVersion> {

  /** Who made the Nix. Determinate Nix is upstream Nix with a different installer and daemon wrapper. */
  public enum Flavor { NIX, DETERMINATE, LIX }

  /** How a store URI may carry an SSH port other than 22. */
  public enum PortSyntax {
    /** No way: use an ssh_config {@code Host} alias (CppNix before 2.31, Lix before 2.93). */
    NONE,
    /** {@code ssh-ng://user@host:2222}, {@code [v6]:2222} (CppNix 2.31+, release notes rl-2.31). */
    HOST_COLON_PORT,
    /** {@code ssh-ng://user@host?port=2222} (Lix 2.93+, {@code lix/libstore/ssh-store.hh}). */
    QUERY_PARAMETER
  }

  // nix (Nix) 2.18.1 | nix (Determinate Nix 3.6.2) 2.29.0 | nix (Lix, like Nix) 2.93.0 | nix-env (Nix) 2.3.18
  private static final Pattern OUTPUT =
      Pattern.compile("\\S+ \\(([^)]+)\\) (\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,4}))?(\\S*)");
  private static final Pattern PRE_RELEASE = Pattern.compile("(?i).*(pre|rc|dev|alpha|beta).*");
  private static final Comparator<NixVersion> ORDER = Comparator.comparingInt(NixVersion::major)
      .thenComparingInt(NixVersion::minor).thenComparingInt(NixVersion::patch)
      .thenComparing(v -> !v.isPreRelease());

  public NixVersion {
    Objects.requireNonNull(flavor, "flavor");
    Objects.requireNonNull(suffix, "suffix");
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("negative version number: " + major + "." + minor + "." + patch);
    }
    if (suffix.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("version suffix has whitespace: '" + suffix + "'");
    }
  }

  /** An upstream Nix release, e.g. {@code NixVersion.of(2, 18, 1)}. */
  public static NixVersion of(int major, int minor, int patch) {
    return new NixVersion(Flavor.NIX, major, minor, patch, "");
  }

  /** A Lix release, e.g. {@code NixVersion.lix(2, 93, 0)}. */
  public static NixVersion lix(int major, int minor, int patch) {
    return new NixVersion(Flavor.LIX, major, minor, patch, "");
  }

  /**
   * Parses the first line of {@code nix --version} (or {@code nix-store --version}, {@code nix-daemon --version}).
   *
   * @throws IllegalArgumentException naming the text when it is not such a line, or names an unknown Nix fork
   */
  public static NixVersion parse(String versionOutput) {
    Objects.requireNonNull(versionOutput, "versionOutput");
    String line = versionOutput.strip().lines().findFirst().orElse("").strip();
    Matcher m = OUTPUT.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not the output of `nix --version` (expected e.g. `nix (Nix) 2.18.1`): '" + line + "'");
    }
    String distribution = m.group(1);
    Flavor flavor;
    if (distribution.equals("Nix")) {
      flavor = Flavor.NIX;
    } else if (distribution.startsWith("Determinate Nix")) {
      flavor = Flavor.DETERMINATE;
    } else if (distribution.startsWith("Lix")) {
      flavor = Flavor.LIX;
    } else {
      // A fork we have not read may differ in any of the formats below; refusing beats guessing.
      throw new IllegalArgumentException("unknown Nix implementation '" + distribution + "' in '" + line
          + "'; nixinfra knows Nix, Determinate Nix and Lix");
    }
    int patch = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
    return new NixVersion(flavor, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), patch, m.group(5));
  }

  /** True for development and release-candidate builds, which sort before their release. */
  public boolean isPreRelease() {
    return !suffix.isEmpty() && PRE_RELEASE.matcher(suffix).matches();
  }

  /** This version is {@code major.minor.0} or later, a pre-release of {@code major.minor.0} not counting. */
  public boolean atLeast(int major, int minor) {
    return atLeast(major, minor, 0);
  }

  /** This version is {@code major.minor.patch} or later, a pre-release of exactly that not counting. */
  public boolean atLeast(int major, int minor, int patch) {
    return compareTo(new NixVersion(flavor, major, minor, patch, "")) >= 0;
  }

  @Override
  public int compareTo(NixVersion other) {
    return ORDER.compare(this, other);
  }

  public boolean isLix() {
    return flavor == Flavor.LIX;
  }

  /**
   * Field 5 of a machines line may be a decimal: CppNix 2.20+ and Lix parse a float. Before 2.20 it is an unsigned
   * integer, and {@code 1.5} is an error on 2.8 ({@code failed to convert column #4 ... to 'unsigned int'}).
   */
  public boolean acceptsFractionalSpeedFactor() {
    return isLix() || atLeast(2, 20);
  }

  /** How a store URI may name a non-22 port: CppNix 2.31+ {@code host:port}, Lix 2.93+ {@code ?port=}, else none. */
  public PortSyntax portSyntax() {
    if (isLix()) {
      return atLeast(2, 93) ? PortSyntax.QUERY_PARAMETER : PortSyntax.NONE;
    }
    return atLeast(2, 31) ? PortSyntax.HOST_COLON_PORT : PortSyntax.NONE;
  }

  /**
   * Nix turns field 3 (identity file) of a machines line into {@code ssh-key=} for this scheme: 2.4+ and Lix for
   * both schemes, 2.3 only for {@code ssh://} ({@code build-remote.cc} 2.3.18).
   */
  public boolean honoursIdentityField(boolean sshNg) {
    return atLeast(2, 4) || !sshNg;
  }

  /**
   * Nix pins field 8 (host key) for this scheme: 2.4+ and Lix for both, 2.3.17/2.3.18 for {@code ssh://} only,
   * 2.3.0–2.3.16 parse it and ignore it.
   */
  public boolean honoursHostKeyField(boolean sshNg) {
    return atLeast(2, 4) || (!sshNg && atLeast(2, 3, 17));
  }

  /** nix.conf understands {@code extra-<list setting>} (2.4+; 2.3 knows only a few named ones). */
  public boolean acceptsExtraPrefix() {
    return atLeast(2, 4);
  }

  /**
   * The new CLI needs {@code --extra-experimental-features nix-command} (2.4+ and Lix); 2.3's {@code nix} has no
   * such gate and no such option.
   */
  public boolean gatesNixCommand() {
    return atLeast(2, 4);
  }

  /** {@code nix store ping}/{@code info} over ssh-ng reports {@code Trusted:} (2.15+, and Lix, forked from 2.18). */
  public boolean reportsTrust() {
    return isLix() || atLeast(2, 15);
  }

  /**
   * A client that is not trusted and passes {@code --builders} is told so (2.3 and 2.22+, Lix); 2.4–2.21 ignore it
   * silently (debug level), which is why nixinfra must check trust itself on those.
   */
  public boolean warnsWhenBuildersIgnored() {
    return isLix() || atLeast(2, 22) || !atLeast(2, 4);
  }

  /** {@code 2.18.1}, {@code 2.31.0pre20250701_abc}, prefixed with {@code Lix }/{@code Determinate } when not upstream. */
  @Override
  public String toString() {
    String number = major + "." + minor + "." + patch + suffix;
    return switch (flavor) {
      case NIX -> number;
      case DETERMINATE -> "Determinate " + number;
      case LIX -> "Lix " + number;
    };
  }
}
