package dev.nixinfra.providers.nixos;

import dev.nixinfra.core.config.Protocol;
import dev.nixinfra.providers.nix.AuthorizedKeys;
import dev.nixinfra.providers.nix.AuthorizedKeys.ClientKey;
import dev.nixinfra.providers.nix.TenantStore;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Renders {@code /etc/nixos/nixinfra-tenant-<builder>-<tenant>.nix}, the NixOS module of one tenant of a builder:
 * the tenant's system user (own group, default shell, since sshd runs the forced command through
 * {@code $SHELL -c}), its clients' keys each forced to serve the tenant's store ({@link TenantStore}), and a
 * {@code systemd.tmpfiles} rule that creates that store's root, owned by the user and closed to everyone else. The
 * user is not in {@code trusted-users}: it never talks to the shared daemon. No {@code lib} or {@code pkgs}
 * function is used, so it evaluates without nixpkgs.
 */
public final class TenantModule {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  private static final String PATH_PREFIX = "/etc/nixos/nixinfra-tenant-";

  private TenantModule() {}

  /**
   * Everything the module says.
   *
   * @param resource the tenant's resource name, {@code <builder>-<tenant>}: it names the file and the marker
   */
  public record Settings(String resource, String user, Protocol protocol, TenantStore store,
      List<ClientKey> clientKeys) {
    public Settings {
      if (!NAME.matcher(Objects.requireNonNull(resource, "resource")).matches()) {
        throw new IllegalArgumentException("not a tenant resource name: '" + resource + "'");
      }
      if (!USER.matcher(Objects.requireNonNull(user, "user")).matches() || user.equals("root")) {
        throw new IllegalArgumentException("not a tenant user name: '" + user + "'");
      }
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(store, "store");
      clientKeys = List.copyOf(clientKeys);
    }
  }

  /** How configuration.nix imports the module of tenant resource {@code resource}. */
  public static String importPath(String resource) {
    return "./nixinfra-tenant-" + resource + ".nix";
  }

  /** Where the module of tenant resource {@code resource} lives. */
  public static String path(String resource) {
    return PATH_PREFIX + resource + ".nix";
  }

  /** Whether {@code path} is where a tenant's module lives. */
  public static boolean isPath(String path) {
    return path.startsWith(PATH_PREFIX) && ModuleMarker.roleOf(path).isPresent();
  }

  /** The role of the module's activity marker ({@link ModuleMarker}), as {@link ModuleMarker#roleOf} reads it. */
  public static String role(String resource) {
    return ModuleMarker.role("tenant-" + resource);
  }

  /** The module text, ending in a newline. */
  public static String render(Settings s) {
    StringBuilder b = new StringBuilder(BuilderModule.HEADER);
    b.append("# A tenant of this builder: its clients log in as ").append(s.user())
        .append(" and build only in the store at ").append(s.store().root()).append(".\n");
    b.append("{ config, lib, pkgs, ... }:\n{\n");
    List<String> keys = s.clientKeys().stream().sorted(Comparator.comparing(ClientKey::client))
        .map(k -> AuthorizedKeys.render(s.protocol(), AuthorizedKeys.NIXOS_BIN, s.store(), List.of(k)).strip())
        .toList();
    BuilderModule.appendUser(b, s.user(), keys);
    b.append("  # The tenant's store root: its daemon creates nix/store and nix/var inside, as ").append(s.user())
        .append(".\n");
    b.append("  systemd.tmpfiles.rules = ").append(NixValues.stringList(List.of("d " + s.store().root() + " 0700 "
        + s.user() + " " + s.user() + " -"))).append(";\n");
    return ModuleMarker.seal(b.append("}\n").toString(), role(s.resource()));
  }
}
