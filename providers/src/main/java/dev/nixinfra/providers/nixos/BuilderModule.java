package dev.nixinfra.providers.nixos;

import dev.nixinfra.core.config.BuilderConfig;
import dev.nixinfra.core.config.Protocol;
import dev.nixinfra.core.config.Tuning;
import dev.nixinfra.providers.nix.AuthorizedKeys;
import dev.nixinfra.providers.nix.AuthorizedKeys.ClientKey;
import dev.nixinfra.providers.nix.NixConfBlock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders {@code /etc/nixos/nixinfra-builder.nix}, the NixOS module that makes a machine a builder (shared reference
 * §2.2, §3.2, and the nix.dev remote-builder tutorial quoted there):
 *
 * <ul>
 *   <li>the build user, a system user with its own group and the default (real) shell, since sshd runs the forced
 *       command through {@code $SHELL -c}; its authorized keys are restricted to {@code nix-daemon --stdio}
 *       (ssh-ng) or {@code nix-store --serve --write} (ssh) under {@code /run/current-system/sw/bin};
 *   <li>{@code nix.settings.trusted-users = [ "<user>" ]}: a list option, so it merges with the module's
 *       {@code root} rather than replacing it;
 *   <li>tuning: {@code max-jobs}, {@code cores}, {@code min-free}/{@code max-free} in bytes,
 *       {@code nix.nrBuildUsers}; {@code systemd.services.nix-daemon.serviceConfig} MemoryMax/OOMScoreAdjust; GC;
 *   <li>{@code nix.settings.system-features} only when the declared features add to NixOS's defaults: NixOS sets
 *       the list with {@code mkDefault}, so any definition replaces it and the defaults are listed again.
 * </ul>
 *
 * <p>The module uses no {@code lib} or {@code pkgs} function, so it evaluates without nixpkgs.
 */
public final class BuilderModule {
  /** Where the module lives on the builder. */
  public static final String PATH = "/etc/nixos/nixinfra-builder.nix";
  /** How configuration.nix imports it. */
  public static final String IMPORT = "./nixinfra-builder.nix";
  /** NixOS's {@code system-features} default ({@code nixos/modules/config/nix.nix}, without the gccarch ones). */
  public static final List<String> NIXOS_DEFAULT_SYSTEM_FEATURES =
      List.of("nixos-test", "benchmark", "big-parallel", "kvm");
  private static final String SYSTEM_FEATURES = "nix.settings.system-features";
  /** Above this, NixOS's own {@code nrBuildUsers} default ({@code max 32 max-jobs}) is spelled out explicitly. */
  static final int NIXOS_MIN_BUILD_USERS = 32;

  static final String HEADER = """
      # Managed by nixinfra: it owns this whole file, rewrites it on apply and deletes it on destroy.
      # Change nixinfra.yaml instead of editing this file. Imported from /etc/nixos/configuration.nix.
      """;

  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  /** systemd MemoryMax: bytes with an optional K/M/G/T suffix, a percentage, or infinity. */
  private static final Pattern MEMORY_MAX = Pattern.compile("[0-9]+[KMGT]?|[0-9]{1,3}(\\.[0-9]+)?%|infinity");
  private static final Pattern SINGLE_LINE = Pattern.compile("[^\\n\\r\\x00]+");

  private BuilderModule() {}

  /**
   * Automatic garbage collection ({@code nix.gc} of nixpkgs {@code nixos/modules/services/misc/nix-gc.nix}).
   *
   * @param dates a systemd calendar expression, e.g. {@code weekly}
   * @param options passed to {@code nix-collect-garbage}, e.g. {@code --delete-older-than 14d}
   */
  public record Gc(String dates, String options) {
    public static final Gc WEEKLY = new Gc("weekly", "--delete-older-than 14d");

    public Gc {
      requireLine(dates, "gc dates");
      Objects.requireNonNull(options, "gc options");
      if (!options.isEmpty()) {
        requireLine(options, "gc options");
      }
    }
  }

  /**
   * Everything the module says.
   *
   * @param clientKeys one per client; rendered sorted by client so the text is stable
   * @param nrBuildUsers {@code nix.nrBuildUsers}, at least {@code maxJobs}; empty leaves NixOS's default
   * @param supportedFeatures declared features, added to NixOS's {@code system-features} defaults
   * @param gc automatic garbage collection; empty leaves {@code nix.gc} alone
   */
  public record Settings(String user, Protocol protocol, List<ClientKey> clientKeys, int maxJobs, Tuning tuning,
      Optional<Integer> nrBuildUsers, List<String> supportedFeatures, List<String> mandatoryFeatures,
      Optional<Gc> gc) {
    public Settings {
      Objects.requireNonNull(user, "user");
      if (!USER.matcher(user).matches() || user.equals("root")) {
        throw new IllegalArgumentException("not a build user name: '" + user + "'");
      }
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(tuning, "tuning");
      Objects.requireNonNull(nrBuildUsers, "nrBuildUsers");
      Objects.requireNonNull(gc, "gc");
      clientKeys = List.copyOf(clientKeys);
      supportedFeatures = List.copyOf(supportedFeatures);
      mandatoryFeatures = List.copyOf(mandatoryFeatures);
      if (maxJobs < 1) {
        throw new IllegalArgumentException("max-jobs of a builder must be at least 1, not " + maxJobs);
      }
      // Each local build takes one nixbld user: fewer users than max-jobs fails builds with "all build users are
      // currently in use" (shared reference §1.7).
      if (nrBuildUsers.isPresent() && nrBuildUsers.get() < maxJobs) {
        throw new IllegalArgumentException("nrBuildUsers " + nrBuildUsers.get() + " is less than max-jobs " + maxJobs);
      }
      tuning.memoryMax().ifPresent(m -> {
        if (!MEMORY_MAX.matcher(m).matches()) {
          throw new IllegalArgumentException("memory_max '" + m + "' is not bytes (e.g. 8G), a percentage or infinity");
        }
      });
    }
  }

  /**
   * The settings for a configured builder. {@code nix.nrBuildUsers} is derived: NixOS creates
   * {@code max 32 max-jobs} build users by default, and nixinfra spells that out when max-jobs exceeds 32, so the
   * module states why the builder can run that many builds at once.
   */
  public static Settings settings(BuilderConfig builder, List<ClientKey> clientKeys, Optional<Gc> gc) {
    Optional<Integer> nrBuildUsers = builder.maxJobs() > NIXOS_MIN_BUILD_USERS
        ? Optional.of(builder.maxJobs()) : Optional.empty();
    return new Settings(builder.user(), builder.protocol(), clientKeys, builder.maxJobs(), builder.tuning(),
        nrBuildUsers, builder.supportedFeatures().orElse(List.of()), builder.mandatoryFeatures(), gc);
  }

  /**
   * Whether a module text (as {@link #render} writes it) sets {@code nix.settings.system-features}: then the list
   * Nix reports on that host is this module's, not the host's own.
   */
  public static boolean setsSystemFeatures(String moduleText) {
    return moduleText.lines().anyMatch(l -> l.strip().startsWith(SYSTEM_FEATURES + " = "));
  }

  /** The module text, ending in a newline. */
  public static String render(Settings s) {
    StringBuilder b = new StringBuilder(HEADER);
    b.append("{ config, lib, pkgs, ... }:\n{\n");
    List<String> keys = s.clientKeys().stream().sorted(Comparator.comparing(ClientKey::client))
        .map(k -> AuthorizedKeys.line(s.protocol(), AuthorizedKeys.NIXOS_BIN, k)).toList();
    appendUser(b, s.user(), keys);
    b.append("  nix.settings.trusted-users = ").append(NixValues.stringList(List.of(s.user()))).append(";\n");
    b.append("  nix.settings.max-jobs = ").append(NixValues.integer(s.maxJobs())).append(";\n");
    Tuning t = s.tuning();
    t.cores().ifPresent(c -> b.append("  nix.settings.cores = ").append(NixValues.integer(c)).append(";\n"));
    t.minFree().ifPresent(m -> b.append("  nix.settings.min-free = ").append(NixValues.integer(m)).append(";\n"));
    t.maxFree().ifPresent(m -> b.append("  nix.settings.max-free = ").append(NixValues.integer(m)).append(";\n"));
    NixConfBlock.systemFeatures(NIXOS_DEFAULT_SYSTEM_FEATURES, s.supportedFeatures(), s.mandatoryFeatures())
        .ifPresent(f -> b.append("  ").append(SYSTEM_FEATURES).append(" = ").append(NixValues.stringList(f)).append(";\n"));
    s.nrBuildUsers().ifPresent(n -> b.append("  nix.nrBuildUsers = ").append(NixValues.integer(n)).append(";\n"));
    t.memoryMax().ifPresent(m -> b.append("\n  # Builds that exhaust memory are killed before the rest of the machine.\n")
        .append("  systemd.services.nix-daemon.serviceConfig = {\n")
        .append("    MemoryAccounting = true;\n")
        .append("    MemoryMax = ").append(NixString.quote(m)).append(";\n")
        .append("    OOMScoreAdjust = 500;\n")
        .append("  };\n"));
    s.gc().ifPresent(g -> b.append("\n  nix.gc = {\n")
        .append("    automatic = true;\n")
        .append("    dates = ").append(NixString.quote(g.dates())).append(";\n")
        .append("    options = ").append(NixString.quote(g.options())).append(";\n")
        .append("  };\n"));
    return ModuleMarker.seal(b.append("}\n").toString(), "builder");
  }

  /**
   * A system user clients log in as, with its own group and the default (real) shell, since sshd runs the forced
   * command through {@code $SHELL -c}, and {@code keys} as its authorized_keys lines; then a blank line.
   */
  static void appendUser(StringBuilder b, String name, List<String> keys) {
    String user = NixValues.attrName(name);
    b.append("  users.users.").append(user).append(" = {\n");
    b.append("    isSystemUser = true;\n");
    b.append("    group = ").append(NixString.quote(name)).append(";\n");
    b.append("    useDefaultShell = true;\n");
    b.append("    openssh.authorizedKeys.keys = ").append(multiLineList(keys, "    ")).append(";\n");
    b.append("  };\n");
    b.append("  users.groups.").append(user).append(" = { };\n\n");
  }

  /** A list of string literals, one per line at {@code indent} + 2; {@code [ ]} when empty. */
  static String multiLineList(List<String> values, String indent) {
    if (values.isEmpty()) {
      return "[ ]";
    }
    StringBuilder b = new StringBuilder("[\n");
    values.forEach(v -> b.append(indent).append("  ").append(NixString.quote(v)).append('\n'));
    return b.append(indent).append(']').toString();
  }

  private static void requireLine(String value, String what) {
    if (value == null || !SINGLE_LINE.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must be one non-empty line: '" + value + "'");
    }
  }
}
