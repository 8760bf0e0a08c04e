package dev.nixinfra.providers.host;

import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.nix.ManagedBlock;
import dev.nixinfra.providers.nix.NixConfBlock;
import dev.nixinfra.providers.nix.NixVersion;
import dev.nixinfra.providers.nixos.BuilderModule;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.LineSink;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What refresh learns about a host and plan renders from; never written anywhere but memory and state.
 *
 * @param version the host's Nix
 * @param os {@code uname -s}: {@code Linux} or {@code Darwin}
 * @param ownFeatures the host's own {@code system-features}, without any nixinfra adds in its block
 * @param hostKey the SSH host key the host offered; empty for {@code host: local}
 * @param nixConfTarget the file that gets nixinfra's nix.conf block ({@link NixConfBlock#targetFile})
 * @param userHome the build user's home when that user exists (builders only)
 * @param nixDaemon the absolute path of {@code nix-daemon}, which clients' keys are forced to run; empty when Nix's
 *     usual places do not have it
 * @param kvm the host has {@code /dev/kvm}, which builds that require the {@code kvm} feature need
 * @param nixDarwinNix on a Mac, {@code /etc/nix/nix.conf} is nix-darwin's link into {@code /etc/static}: nix-darwin
 *     manages Nix there ({@code nix.enable}, its default). With {@code nix.enable = false} (as Determinate Nix
 *     requires) nix-darwin writes no nix.conf, and the file is the installer's or determinate-nixd's own (shared
 *     reference §2.4, §2.5); nix-darwin's {@code nix.*} options then do nothing, so a module would be ignored
 * @param flake the system's configuration is a flake ({@code /etc/nixos/flake.nix}, on a Mac
 *     {@code /etc/nix-darwin/flake.nix}): nixinfra writes its module there but leaves the flake to the user
 */
record HostFacts(NixVersion version, String os, List<String> ownFeatures, Optional<String> hostKey,
    String nixConfTarget, Optional<String> userHome, Optional<String> nixDaemon, boolean kvm, boolean nixDarwinNix,
    boolean flake) {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  /**
   * Root's non-login shell may lack Nix on PATH: the default profile is where installers put it, nix-darwin's
   * system profile where nix-darwin does.
   */
  static final String NIX = "PATH=\"$PATH:/nix/var/nix/profiles/default/bin:/run/current-system/sw/bin\" nix";
  /** Where nix-darwin links the files of its {@code /etc} (environment.etc). */
  static final String DARWIN_STATIC = "/etc/static/";

  HostFacts {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(os, "os");
    ownFeatures = List.copyOf(ownFeatures);
    Objects.requireNonNull(hostKey, "hostKey");
    Objects.requireNonNull(nixConfTarget, "nixConfTarget");
    Objects.requireNonNull(userHome, "userHome");
    Objects.requireNonNull(nixDaemon, "nixDaemon");
  }

  boolean isMac() {
    return os.equals("Darwin");
  }

  /** Where the build user's home is or will be: its real home, else what {@code useradd} gets from nixinfra. */
  String homeOf(String user) {
    return userHome.orElse(defaultHome(user));
  }

  static String defaultHome(String user) {
    return "/var/lib/" + user;
  }

  /**
   * Reads the facts.
   *
   * @param buildUser the builder's build user; empty for clients
   * @param recordedOwnFeatures the own features recorded in state: used instead of Nix's answer when nixinfra's
   *     block (or NixOS module) sets {@code system-features}, because Nix then reports nixinfra's list, not the
   *     host's own
   */
  static HostFacts read(Connection c, Optional<String> buildUser, Optional<List<String>> recordedOwnFeatures)
      throws ProviderException {
    return read(c, buildUser, recordedOwnFeatures, false);
  }

  /**
   * Reads the facts of a builder that may run NixOS.
   *
   * @param nixosBuilder the builder has {@code os: nixos}: its features are nixinfra's when its module
   *     ({@link BuilderModule#PATH}) sets {@code nix.settings.system-features}, since after the switch Nix reports
   *     that list (NixOS's defaults plus the declared features), not the host's own
   */
  static HostFacts read(Connection c, Optional<String> buildUser, Optional<List<String>> recordedOwnFeatures,
      boolean nixosBuilder) throws ProviderException {
    String versionLine = c.run(NIX + " --version", TIMEOUT, LineSink.discard()).stdout();
    NixVersion version;
    try {
      version = NixVersion.parse(versionLine);
    } catch (IllegalArgumentException e) {
      throw new ProviderException(c.name() + ": cannot tell which Nix runs there: " + e.getMessage());
    }
    String os = c.run("uname -s", TIMEOUT, LineSink.discard()).stdout().strip();
    String nixConf = c.readFile(NixConfBlock.NIX_CONF, TIMEOUT).orElse("");
    String target = NixConfBlock.targetFile(nixConf);
    String targetText = target.equals(NixConfBlock.NIX_CONF) ? nixConf : c.readFile(target, TIMEOUT).orElse("");
    boolean ourFeatures;
    try {
      ourFeatures = ManagedBlock.read(targetText).map(b -> b.lines().anyMatch(l -> l.startsWith("system-features")))
          .orElse(false);
    } catch (RuntimeException e) {
      throw new ProviderException(c.name() + ": " + target + ": " + e.getMessage());
    }
    if (!ourFeatures && nixosBuilder && recordedOwnFeatures.isPresent()) {
      ourFeatures = c.readFile(BuilderModule.PATH, TIMEOUT).map(BuilderModule::setsSystemFeatures).orElse(false);
    }
    List<String> features = ourFeatures && recordedOwnFeatures.isPresent()
        ? recordedOwnFeatures.get()
        : parseFeatures(c.run(showConfig(version), TIMEOUT, LineSink.discard()).stdout());
    Optional<String> home = Optional.empty();
    if (buildUser.isPresent()) {
      String entry = c.run("getent passwd " + buildUser.get() + " || true", TIMEOUT, LineSink.discard()).stdout();
      String[] fields = entry.strip().split(":");
      if (fields.length >= 6 && fields[0].equals(buildUser.get())) {
        home = Optional.of(fields[5]);
      }
    }
    // Distributions install Nix in /usr/bin, installers in the default profile, NixOS in the system profile.
    String daemon = c.run("PATH=\"$PATH:/nix/var/nix/profiles/default/bin:/run/current-system/sw/bin\" "
        + "command -v nix-daemon || true", TIMEOUT, LineSink.discard()).stdout().strip();
    boolean kvm = c.run("test -e /dev/kvm && echo kvm || echo none", TIMEOUT, LineSink.discard()).stdout().strip()
        .equals("kvm");
    boolean nixDarwinNix = os.equals("Darwin") && c.run("readlink " + NixConfBlock.NIX_CONF + " || true", TIMEOUT,
        LineSink.discard()).stdout().strip().startsWith(DARWIN_STATIC);
    String flakeNix = (os.equals("Darwin") ? ModuleSystem.DARWIN : ModuleSystem.NIXOS).flakeNix();
    boolean flake = c.run("test -e " + flakeNix + " && echo present || echo absent", TIMEOUT, LineSink.discard())
        .stdout().strip().equals("present");
    return new HostFacts(version, os, features, c.hostKey(), target, home,
        daemon.startsWith("/") ? Optional.of(daemon) : Optional.empty(), kvm, nixDarwinNix, flake);
  }

  /** The command printing the whole configuration: {@code config show} from 2.20, {@code show-config} before. */
  static String showConfig(NixVersion v) {
    if (!v.gatesNixCommand()) {
      return NIX + " show-config";
    }
    return NIX + " --extra-experimental-features nix-command "
        + (!v.isLix() && v.atLeast(2, 20) ? "config show" : "show-config");
  }

  /** The words of the {@code system-features = ...} line; none when there is no such line. */
  static List<String> parseFeatures(String showConfigOutput) {
    return showConfigOutput.lines().map(String::strip).filter(l -> l.startsWith("system-features ="))
        .findFirst().map(l -> l.substring("system-features =".length()).strip())
        .map(v -> v.isEmpty() ? List.<String>of() : Arrays.stream(v.split("\\s+")).sorted().toList())
        .orElse(List.of());
  }

  /** The version as recorded in state ({@link NixVersion#toString()}), read back. */
  static Optional<NixVersion> recorded(Object nixVersion) {
    if (!(nixVersion instanceof String s) || s.isBlank()) {
      return Optional.empty();
    }
    String line = s.startsWith("Lix ") ? "nix (Lix) " + s.substring(4)
        : s.startsWith("Determinate ") ? "nix (Determinate Nix) " + s.substring(12) : "nix (Nix) " + s;
    try {
      return Optional.of(NixVersion.parse(line));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
