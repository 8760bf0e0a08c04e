package dev.nixinfra.providers.nix;

import dev.nixinfra.core.config.SystemTypes;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The trivial derivation {@code nixinfra check} builds to prove that a builder really builds for a client: no
 * nixpkgs, {@code /bin/sh} as the builder, and a unique name so the output is never already valid or substitutable
 * (shared reference §5).
 *
 * <p>What proves a remote build is the command, not the output: {@code -j0} forbids local builds, {@code builders}
 * names just one machine, and Nix logs {@code building '...drv' on '<uri>'} (see {@link #builtOn}). The output holds
 * the marker and {@code uname -n}; inside Linux's build sandbox the host name is {@code localhost}, so it only
 * identifies unsandboxed and macOS builders.
 *
 * @param id unique per run, such as a timestamp or random hex: lower-case letters, digits and {@code -}
 * @param system the system to build for; a builder offers it in its machines line
 */
public record ProbeDerivation(String id, String system) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  public ProbeDerivation {
    Fields.require(ID, id, "probe id");
    Objects.requireNonNull(system, "system");
    if (!SystemTypes.isKnown(system)) {
      throw new IllegalArgumentException("unknown system '" + system + "'; known: " + SystemTypes.KNOWN);
    }
  }

  /** {@code nixinfra-probe-<id>}: the derivation's name, also in its store path. */
  public String name() {
    return "nixinfra-probe-" + id;
  }

  /** The first line of the output: {@code nixinfra-probe <id>}. */
  public String marker() {
    return "nixinfra-probe " + id;
  }

  /**
   * The Nix expression. Only shell built-ins and {@code uname} are used; a missing {@code uname} writes
   * {@code unknown}. {@code system} is spelled out because the new CLI's pure evaluation has no
   * {@code builtins.currentSystem}.
   */
  public String expression() {
    // No subshell with a redirected stderr: busybox's sh (the /bin/sh of NixOS's and nixpkgs' sandboxes) was
    // killed by signal 9 running "(uname -n || echo unknown) >> $out 2>/dev/null" in a tenant's sandbox.
    String script = "echo " + marker() + " > $out; uname -n >> $out 2>/dev/null || echo unknown >> $out";
    return "derivation { name = \"" + name() + "\"; system = \"" + system + "\"; builder = \"/bin/sh\";"
        + " args = [ \"-c\" \"" + script + "\" ]; }";
  }

  /**
   * The command a client runs, as root or a trusted user (an untrusted user's {@code builders} is ignored), to build
   * the probe on the one machine in {@code line} and nowhere else. {@code nix-build -E} with {@code --option builders}
   * works unchanged from Nix 2.3 to today and on Lix, and needs no experimental feature; 2.3's {@code nix build} has no
   * {@code --expr}. A line that names an ssh_config alias needs that alias installed for root first.
   */
  public List<String> buildCommand(MachineLine line) {
    Objects.requireNonNull(line, "line");
    return List.of("nix-build", "--no-out-link", "-j0", "--option", "builders", line.text(), "-E", expression());
  }

  /** {@link #buildCommand} as one POSIX shell line, each argument single-quoted where needed. */
  public String shellCommand(MachineLine line) {
    return buildCommand(line).stream().map(ProbeDerivation::quote).collect(Collectors.joining(" "));
  }

  /**
   * True when Nix's log says the probe was built on {@code line}'s store: a line
   * {@code building '/nix/store/<hash>-nixinfra-probe-<id>.drv' on '<uri>'}.
   */
  public boolean builtOn(String nixLog, MachineLine line) {
    String uri = line.text().split(" ", 2)[0];
    return nixLog.lines().anyMatch(l -> l.contains("building '") && l.contains("-" + name() + ".drv' on '" + uri
        + "'"));
  }

  static String quote(String arg) {
    if (arg.matches("[A-Za-z0-9_./=:@,+-]+")) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
