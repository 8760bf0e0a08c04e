package dev.nixinfra.providers.nix;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders the machines file nixinfra owns on a client (wholly ours, so no managed block) in the legacy format every
 * Nix reads (shared reference §1.1, §1.5):
 *
 * <pre>
 * ssh-ng://remotebuild@host x86_64-linux /etc/nix/nixinfra_ed25519 8 2 big-parallel,kvm - c3NoLWVkMjU1MTkg...
 * </pre>
 *
 * <p>All eight fields are always written, separated by one space, {@code -} for an empty one, so no field is ever
 * taken from Nix's defaults by accident. The text never holds a {@code "}: Lix 2.95+ reads a file with quotes as
 * TOML first.
 */
public final class MachinesFile {
  /**
   * No {@code ;} in here: Nix 2.8 splits the file on {@code ;} before it drops {@code #} comments, so a semicolon
   * in a comment starts a bogus machine entry ("bad machine specification", seen in the fleet lab).
   */
  static final String HEADER =
      "# Managed by nixinfra, which rewrites this file on apply. Change nixinfra.yaml instead.\n";

  private MachinesFile() {}

  /**
   * The file's text and what the lines rely on.
   *
   * @param text header, then per builder a {@code # <builder>} comment and its line; each line ends in a newline
   * @param aliases the ssh_config blocks the lines need, in line order
   */
  public record Rendered(String text, List<MachineLine> lines, List<SshConfigAlias> aliases) {
    public Rendered {
      Objects.requireNonNull(text, "text");
      lines = List.copyOf(lines);
      aliases = List.copyOf(aliases);
    }

    /** Every line's warnings, prefixed with its builder's name. */
    public List<String> warnings() {
      return lines.stream().flatMap(l -> l.warnings().stream().map(w -> l.builder() + ": " + w)).toList();
    }
  }

  /** The whole file for {@code entries}, in the given order, as {@code version} on the client reads it. */
  public static Rendered render(List<MachineEntry> entries, NixVersion version) {
    Objects.requireNonNull(version, "version");
    StringBuilder text = new StringBuilder(HEADER);
    List<MachineLine> lines = new ArrayList<>();
    List<SshConfigAlias> aliases = new ArrayList<>();
    for (MachineEntry entry : entries) {
      MachineLine line = line(entry, version);
      text.append("# ").append(entry.builder()).append('\n').append(line.text()).append('\n');
      lines.add(line);
      line.alias().ifPresent(aliases::add);
    }
    return new Rendered(text.toString(), lines, aliases);
  }

  /**
   * The one line for {@code entry}. The host is addressed as follows:
   *
   * <ul>
   *   <li>port 22 and not IPv6: the host itself;
   *   <li>another port, no pinned host key, and a Nix that takes a port ({@link NixVersion#portSyntax()}):
   *       {@code host:port} (CppNix 2.31+) or {@code ?port=} (Lix 2.93+);
   *   <li>otherwise an ssh_config alias ({@link SshConfigAlias}): Nix writes a pinned key under the bare host, which
   *       ssh would not match for a non-22 port, and IPv6 literals are spelled differently across versions.
   * </ul>
   */
  public static MachineLine line(MachineEntry entry, NixVersion version) {
    boolean sshNg = entry.scheme().equals("ssh-ng");
    List<String> warnings = new ArrayList<>();
    Optional<SshConfigAlias> alias = Optional.empty();
    String authority = entry.user() + "@";
    String query = "";
    NixVersion.PortSyntax ports = version.portSyntax();
    boolean ipv6 = Fields.isIpv6(entry.host());
    if (entry.port() == 22 && !ipv6) {
      authority += entry.host();
    } else if (!ipv6 && entry.hostKey().isEmpty() && ports == NixVersion.PortSyntax.HOST_COLON_PORT) {
      authority += entry.host() + ":" + entry.port();
    } else if (!ipv6 && entry.hostKey().isEmpty() && ports == NixVersion.PortSyntax.QUERY_PARAMETER) {
      authority += entry.host();
      query = "?port=" + entry.port();
    } else {
      SshConfigAlias a = SshConfigAlias.forBuilder(entry.builder(), entry.host(), entry.port());
      alias = Optional.of(a);
      authority += a.alias();
    }
    if (!version.honoursIdentityField(sshNg)) {
      // Nix 2.3 passes field 3 to ssh:// only; ssh-ng needs the key in the URI.
      query = (query.isEmpty() ? "?" : query + "&") + "ssh-key=" + entry.keyPath();
    }
    if (entry.hostKey().isPresent() && !version.honoursHostKeyField(sshNg)) {
      warnings.add("Nix " + version + " ignores the host key field for " + entry.scheme()
          + "://; add the builder's host key to root's known_hosts on the client");
    }
    String uri = entry.scheme() + "://" + authority + query;
    List<String> fields = List.of(
        uri,
        String.join(",", entry.systems()),
        entry.keyPath(),
        Integer.toString(entry.maxJobs()),
        speedFactor(entry.speedFactor(), version),
        orDash(String.join(",", entry.allSupportedFeatures())),
        orDash(String.join(",", entry.mandatoryFeatures())),
        entry.hostKey().map(MachinesFile::base64HostKey).orElse("-"));
    if (!version.acceptsFractionalSpeedFactor() && entry.speedFactor() != Math.rint(entry.speedFactor())) {
      warnings.add("Nix " + version + " takes a whole speed factor; " + BigDecimal.valueOf(entry.speedFactor())
          .toPlainString() + " is written as " + fields.get(4));
    }
    return new MachineLine(entry.builder(), String.join(" ", fields), alias, warnings);
  }

  /**
   * Field 5: the speed factor as written ({@code 1.5}, {@code 2}) where Nix reads a float (2.20+, Lix); otherwise
   * rounded up to a whole number, at least 1, since 2.8 rejects {@code 1.5} and 2.3 silently truncates it. Rounding
   * up keeps a builder configured as faster than 1 from becoming slower than another.
   */
  public static String speedFactor(double speedFactor, NixVersion version) {
    if (version.acceptsFractionalSpeedFactor()) {
      return BigDecimal.valueOf(speedFactor).stripTrailingZeros().toPlainString();
    }
    return Long.toString(Math.max(1L, (long) Math.ceil(speedFactor)));
  }

  /**
   * Field 8: base64 of the whole public key line with its trailing newline, exactly what
   * {@code base64 -w0 /etc/ssh/ssh_host_ed25519_key.pub} prints. Nix decodes it into a temporary known_hosts line.
   */
  public static String base64HostKey(String hostKeyLine) {
    Fields.publicKey(hostKeyLine, "host key");
    return Base64.getEncoder().encodeToString((hostKeyLine.strip() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static String orDash(String field) {
    return field.isEmpty() ? "-" : field;
  }
}
