package dev.nixinfra.providers.host;

import dev.nixinfra.core.config.Tuning;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.nix.AuthorizedKeys;
import dev.nixinfra.providers.nix.MachineEntry;
import dev.nixinfra.providers.nix.NixVersion;
import dev.nixinfra.providers.nixos.BuilderModule;
import dev.nixinfra.providers.nixos.ClientModule;
import dev.nixinfra.providers.nixos.ImportLine;
import dev.nixinfra.providers.nixos.TenantModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders the {@code files} of a NixOS builder ({@code os: nixos}), a tenant of one, or a NixOS client
 * ({@code kind: nixos}), or of a nix-darwin client ({@code kind: nix-darwin}) whose Nix nix-darwin manages. Pure, like
 * {@link BuilderFiles}. Two entries:
 *
 * <ul>
 *   <li>the module ({@link BuilderModule#PATH}, {@link ClientModule#NIXOS_PATH} or {@link ClientModule#DARWIN_PATH}),
 *       which nixinfra owns whole;
 *   <li>the system's configuration.nix ({@link #CONFIGURATION_NIX}, {@link ModuleSystem#DARWIN_CONFIGURATION}),
 *       whose value is only the import nixinfra adds, written
 *       {@code imports ./nixinfra-builder.nix} ({@link #importValue}): present when the module is an entry of the
 *       configuration's {@code imports} list ({@link ImportLine#isImported}); on a host whose configuration is a
 *       flake, the same value under flake.nix, present when the flake names the module
 *       ({@link ImportLine#mentions}), which only the user edits. The user's configuration itself is never
 *       recorded.
 * </ul>
 */
final class NixosFiles {
  static final String CONFIGURATION_NIX = ModuleSystem.NIXOS.configurationNix();
  static final String FLAKE_NIX = ModuleSystem.NIXOS.flakeNix();
  private static final String IMPORTS = "imports ";

  private NixosFiles() {}

  static boolean isBuilder(String type, Map<String, Object> values) {
    return type.equals("builder") && "nixos".equals(values.get("os"));
  }

  static boolean isClient(String type, Map<String, Object> values) {
    return type.equals("client") && "nixos".equals(values.get("kind"));
  }

  static boolean isDarwinClient(String type, Map<String, Object> values) {
    return type.equals("client") && "nix-darwin".equals(values.get("kind"));
  }

  /** The {@code files} value of configuration.nix for {@code module} (e.g. {@code ./nixinfra-builder.nix}). */
  static String importValue(String module) {
    return IMPORTS + module;
  }

  /** The module an import value names; empty when the value is not one. */
  static Optional<String> moduleOf(Object value) {
    return value instanceof String s && s.startsWith(IMPORTS) ? Optional.of(s.substring(IMPORTS.length()))
        : Optional.empty();
  }

  /**
   * The import value as refresh reads it back from the text of the configuration.nix at {@code path}; empty when
   * not imported.
   */
  static Optional<String> readImport(String path, Optional<String> configurationNix, Object recorded)
      throws ProviderException {
    Optional<String> module = moduleOf(recorded);
    if (configurationNix.isEmpty() || module.isEmpty()) {
      return Optional.empty();
    }
    try {
      boolean imported = path.endsWith("/flake.nix") ? ImportLine.mentions(configurationNix.get(), module.get())
          : ImportLine.isImported(configurationNix.get(), module.get());
      return imported ? Optional.of(importValue(module.get())) : Optional.empty();
    } catch (RuntimeException e) {
      throw new ProviderException(path + ": " + e.getMessage());
    }
  }

  /**
   * The builder's files; the module is {@link Unknown#VALUE} while the client keys or features are unknown. On a
   * {@code flake} host the import is recorded under flake.nix, which the user edits.
   */
  static Map<String, Object> builder(Map<String, Object> planned, boolean flake) throws ProviderException {
    Map<String, Object> files = new TreeMap<>();
    files.put(flake ? FLAKE_NIX : CONFIGURATION_NIX, importValue(BuilderModule.IMPORT));
    files.put(BuilderModule.PATH, builderModule(planned).<Object>map(m -> m).orElse(Unknown.VALUE));
    return files;
  }

  private static Optional<String> builderModule(Map<String, Object> planned) throws ProviderException {
    Optional<List<String>> keys = Values.strings(planned, "authorized_keys");
    Optional<List<String>> supported = Values.strings(planned, "supported_features");
    Optional<List<String>> mandatory = Values.strings(planned, "mandatory_features");
    if (keys.isEmpty() || supported.isEmpty() || mandatory.isEmpty()) {
      return Optional.empty();
    }
    List<AuthorizedKeys.ClientKey> clientKeys = new ArrayList<>();
    for (int i = 0; i < keys.get().size(); i++) {
      clientKeys.add(new AuthorizedKeys.ClientKey(BuilderFiles.clientName(keys.get().get(i), i), keys.get().get(i)));
    }
    int maxJobs = (int) Values.integer(planned, "max_jobs", 1);
    Tuning tuning = new Tuning(Values.integer(planned, "min_free"), Values.integer(planned, "max_free"),
        Values.integer(planned, "cores"), Optional.ofNullable(planned.get("memory_max"))
            .filter(String.class::isInstance).map(String.class::cast), Optional.empty());
    try {
      Optional<Integer> nrBuildUsers = maxJobs > 32 ? Optional.of(maxJobs) : Optional.empty();
      return Optional.of(BuilderModule.render(new BuilderModule.Settings(BuilderFiles.user(planned),
          BuilderFiles.protocol(planned), clientKeys, maxJobs, tuning, nrBuildUsers, supported.get(),
          mandatory.get(), Optional.empty())));
    } catch (IllegalArgumentException e) {
      throw new ProviderException(BuilderModule.PATH + ": " + e.getMessage());
    }
  }

  /**
   * A tenant's files on a NixOS builder: its module ({@link TenantModule}) and the import; the module is
   * {@link Unknown#VALUE} while a client key is unknown.
   */
  static Map<String, Object> tenant(Address address, Map<String, Object> planned, boolean flake)
      throws ProviderException {
    Map<String, Object> files = new TreeMap<>();
    String resource = address.name();
    files.put(flake ? FLAKE_NIX : CONFIGURATION_NIX, importValue(TenantModule.importPath(resource)));
    Optional<List<String>> keys = Values.strings(planned, "authorized_keys");
    if (keys.isEmpty()) {
      files.put(TenantModule.path(resource), Unknown.VALUE);
      return files;
    }
    List<AuthorizedKeys.ClientKey> clientKeys = new ArrayList<>();
    for (int i = 0; i < keys.get().size(); i++) {
      clientKeys.add(new AuthorizedKeys.ClientKey(BuilderFiles.clientName(keys.get().get(i), i), keys.get().get(i)));
    }
    try {
      files.put(TenantModule.path(resource), TenantModule.render(new TenantModule.Settings(resource,
          TenantFiles.user(planned), BuilderFiles.protocol(planned), TenantFiles.store(planned), clientKeys)));
    } catch (IllegalArgumentException e) {
      throw new ProviderException(TenantModule.path(resource) + ": " + e.getMessage());
    }
    return files;
  }

  /**
   * The client's files on {@code system}; the module is {@link Unknown#VALUE} while a machine or the client's Nix
   * is unknown. The speed factor is written as {@code types.int} takes it (rounded up), which every nixpkgs and
   * nix-darwin accepts.
   */
  static Map<String, Object> client(ModuleSystem system, Map<String, Object> planned, Optional<NixVersion> version,
      boolean flake) {
    String modulePath = system.modulePath(ClientModule.IMPORT);
    ClientFiles.Machines machines = ClientFiles.machines(planned);
    List<MachineEntry> entries = machines.entries();
    boolean pending = version.isEmpty() || machines.pending();
    Map<String, Object> files = new TreeMap<>();
    files.put(flake ? system.flakeNix() : system.configurationNix(), importValue(ClientModule.IMPORT));
    if (pending) {
      files.put(modulePath, Unknown.VALUE);
    } else {
      ClientModule.ClientSettings settings = new ClientModule.ClientSettings(
          Values.bool(planned, "builders_use_substitutes", true),
          Values.integer(planned, "max_jobs").map(Long::intValue));
      files.put(modulePath, system == ModuleSystem.DARWIN
          ? ClientModule.renderDarwin(entries, settings, version.get()).text()
          : ClientModule.renderNixos(entries, settings, version.get(), ClientModule.SpeedFactorType.INT).text());
    }
    return files;
  }
}
