package dev.nixinfra.providers.host;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Ref;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.nix.AuthorizedKeys;
import dev.nixinfra.providers.nix.NixConfBlock;
import dev.nixinfra.providers.nix.NixVersion;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Completes planned values (the provider's {@code plan}) from the configuration, the recorded state and the facts
 * refresh read. Pure: apply calls the same functions with facts it has just read, so what it records is what plan
 * promised whenever the host did not change in between.
 *
 * <p>Besides the schema's attributes, state keeps a few of the provider's own ({@link #BOOKKEEPING}): whether
 * nixinfra created the build user or the client key (so destroy removes only those), and the builder's own system
 * features before nixinfra added any. Plan carries them over from the current state of the same host, so the core
 * sees them unchanged.
 */
final class Planning {
  static final String USER_CREATED = "user_created";
  static final String CREATED = "created";
  static final String OWN_FEATURES = "own_system_features";
  static final List<String> BOOKKEEPING = List.of(USER_CREATED, CREATED, OWN_FEATURES);

  private Planning() {}

  static Attributes builder(Address address, Attributes proposed, Optional<ResourceState> current,
      Optional<HostFacts> facts) throws ProviderException {
    Map<String, Object> v = start(address, proposed, current);
    Optional<Attributes> recorded = current.map(ResourceState::attributes);
    Optional<NixVersion> version = facts.map(HostFacts::version)
        .or(() -> recorded.flatMap(r -> HostFacts.recorded(r.values().get("nix_version"))));
    Optional<List<String>> own = facts.map(HostFacts::ownFeatures)
        .or(() -> recorded.flatMap(r -> r.has(OWN_FEATURES) ? Values.strings(r.values(), OWN_FEATURES)
            : Optional.empty()));
    own.ifPresent(o -> v.put(OWN_FEATURES, o));
    Object supported = v.get("supported_features");
    if (supported == null || supported instanceof Unknown
        || supported instanceof Ref r && r.address().equals(address)) {
      // Not configured: the builder's own features, so that clients send it what it can build.
      Optional<Object> known = own.<Object>map(o -> o)
          .or(() -> recorded.flatMap(r -> r.get("supported_features")));
      v.put("supported_features", known.orElse(Unknown.VALUE));
    }
    builderHost(v, recorded, facts);
    if (NixosFiles.isBuilder(address.type(), v)) {
      v.put("nix_daemon", AuthorizedKeys.NIXOS_BIN + "/nix-daemon"); // the system profile's, as the module says
      v.put("files", NixosFiles.builder(v, flake(facts, recorded, ModuleSystem.NIXOS)));
      return new Attributes(v);
    }
    String user = BuilderFiles.user(v);
    String home = facts.map(f -> f.homeOf(user)).orElseGet(() -> recordedHome(recorded, user));
    BuilderFiles.Host host = new BuilderFiles.Host(version, own, target(facts, recorded), home);
    v.put("files", BuilderFiles.render(v, host));
    return new Attributes(v);
  }

  /**
   * A tenant: where the builder runs NixOS, a module that declares the tenant's user; else the tenant user's
   * authorized_keys block. Both force each key to serve the tenant's store with the builder's nix-daemon.
   */
  static Attributes tenant(Address address, Attributes proposed, Optional<ResourceState> current,
      Optional<HostFacts> facts) throws ProviderException {
    Map<String, Object> v = start(address, proposed, current);
    Optional<Attributes> recorded = current.map(ResourceState::attributes);
    builderHost(v, recorded, facts);
    if ("nixos".equals(v.get("os"))) {
      v.put("nix_daemon", AuthorizedKeys.NIXOS_BIN + "/nix-daemon");
      v.put("files", NixosFiles.tenant(address, v, flake(facts, recorded, ModuleSystem.NIXOS)));
      return new Attributes(v);
    }
    String user = TenantFiles.user(v);
    String home = facts.map(f -> f.homeOf(user)).orElseGet(() -> recordedHome(recorded, user));
    v.put("files", TenantFiles.render(v, home));
    return new Attributes(v);
  }

  /**
   * What a builder and a tenant read of the builder host: the path of its nix-daemon (from the facts, else as
   * recorded), its Nix version, and its host key when none is configured.
   */
  private static void builderHost(Map<String, Object> v, Optional<Attributes> recorded,
      Optional<HostFacts> facts) {
    if (!v.containsKey("nix_daemon")) {
      recorded.flatMap(r -> r.get("nix_daemon")).ifPresent(d -> v.put("nix_daemon", d));
    }
    facts.flatMap(HostFacts::nixDaemon).ifPresent(d -> v.put("nix_daemon", d));
    facts.ifPresent(f -> {
      v.put("nix_version", f.version().toString());
      if (!(v.get("host_key") instanceof String)) {
        f.hostKey().ifPresent(k -> v.put("host_key", k));
      }
    });
  }

  static Attributes client(Address address, Attributes proposed, Optional<ResourceState> current,
      Optional<HostFacts> facts) throws ProviderException {
    Map<String, Object> v = start(address, proposed, current);
    Optional<Attributes> recorded = current.map(ResourceState::attributes);
    Optional<NixVersion> version = facts.map(HostFacts::version)
        .or(() -> recorded.flatMap(r -> HostFacts.recorded(r.values().get("nix_version"))));
    facts.ifPresent(f -> {
      v.put("nix_version", f.version().toString());
      if (!(v.get("host_key") instanceof String)) {
        f.hostKey().ifPresent(k -> v.put("host_key", k)); // as refresh records it
      }
    });
    Optional<ModuleSystem> system = NixosFiles.isClient(address.type(), v) ? Optional.of(ModuleSystem.NIXOS)
        : NixosFiles.isDarwinClient(address.type(), v) && !DarwinFallback.applies(facts, recorded)
            ? Optional.of(ModuleSystem.DARWIN) : Optional.empty();
    v.put("files", system.isPresent() ? NixosFiles.client(system.get(), v, version,
            flake(facts, recorded, system.get()))
        : ClientFiles.render(v, version, target(facts, recorded)));
    return new Attributes(v);
  }

  static Attributes clientKey(Address address, Attributes proposed, Optional<ResourceState> current)
      throws ProviderException {
    return new Attributes(start(address, proposed, current));
  }

  /** The proposal plus the bookkeeping of the current state, when that is about the same host. */
  private static Map<String, Object> start(Address address, Attributes proposed, Optional<ResourceState> current)
      throws ProviderException {
    Map<String, Object> v = new TreeMap<>(proposed.values());
    if (current.isPresent()
        && Objects.equals(current.get().attributes().values().get("host"), proposed.values().get("host"))) {
      for (String b : BOOKKEEPING) {
        if (!v.containsKey(b)) {
          current.get().attributes().get(b).ifPresent(x -> v.put(b, x));
        }
      }
    }
    return v;
  }

  /** Whether the host's configuration is a flake: from the facts, else whether state records the flake's import. */
  private static boolean flake(Optional<HostFacts> facts, Optional<Attributes> recorded, ModuleSystem system) {
    return facts.map(HostFacts::flake)
        .orElseGet(() -> recorded.map(r -> Values.files(r).containsKey(system.flakeNix())).orElse(false));
  }

  /** The nix.conf file that gets the block: from the facts, else where state says the block is. */
  private static String target(Optional<HostFacts> facts, Optional<Attributes> recorded) {
    if (facts.isPresent()) {
      return facts.get().nixConfTarget();
    }
    boolean custom = recorded.map(r -> Values.files(r).containsKey(NixConfBlock.NIX_CUSTOM_CONF)).orElse(false);
    return custom ? NixConfBlock.NIX_CUSTOM_CONF : NixConfBlock.NIX_CONF;
  }

  /** The build user's home as state records it (the directory above {@code .ssh/authorized_keys}). */
  private static String recordedHome(Optional<Attributes> recorded, String user) {
    String suffix = "/.ssh/authorized_keys";
    return recorded.flatMap(r -> Values.files(r).keySet().stream().filter(p -> p.endsWith(suffix)).findFirst())
        .map(p -> p.substring(0, p.length() - suffix.length()))
        .orElse(HostFacts.defaultHome(user));
  }
}
