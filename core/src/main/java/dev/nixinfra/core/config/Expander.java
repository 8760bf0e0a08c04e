package dev.nixinfra.core.config;

import static dev.nixinfra.core.model.ResourceTypes.BUILDER;
import static dev.nixinfra.core.model.ResourceTypes.CLIENT;
import static dev.nixinfra.core.model.ResourceTypes.CLIENT_KEY;
import static dev.nixinfra.core.model.ResourceTypes.HCLOUD_SERVER;
import static dev.nixinfra.core.model.ResourceTypes.HCLOUD_SSH_KEY;
import static dev.nixinfra.core.model.ResourceTypes.NIXOS_INFECT;
import static dev.nixinfra.core.model.ResourceTypes.TENANT;

import dev.nixinfra.core.diag.SourceLocation;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.Ref;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a config into the resources it asks for. Pure: same config, same resources. Attribute names are exactly
 * those of {@link ResourceTypes}; values that only exist after apply (a server's address, a pinned host key, a
 * client's public key) are {@link Ref}s.
 *
 * <ul>
 *   <li>any Hetzner builder: {@code hcloud_ssh_key.<stack>}, uploaded once for all servers
 *   <li>each Hetzner builder b: {@code hcloud_server.b}
 *   <li>each bootstrapped builder b: {@code nixos_infect.b}
 *   <li>each builder b: {@code builder.b}
 *   <li>each tenant t of builder b: {@code tenant.b-t}
 *   <li>each client c: {@code client_key.c} and {@code client.c}
 * </ul>
 */
public final class Expander {
  public static final String STACK_LABEL = "nixinfra/stack";
  public static final String BUILDER_LABEL = "nixinfra/builder";

  private Expander() {}

  public static Desired expand(Config config) {
    List<ResourceConfig> out = new ArrayList<>();
    String stack = config.stack();
    Address sshKey = new Address(HCLOUD_SSH_KEY, stack);
    if (config.builders().values().stream().anyMatch(BuilderConfig::isHetzner)) {
      out.add(resource(sshKey, Map.of(
          "name", stack,
          "public_key_file", config.ssh().publicKeyFile(),
          "labels", Map.of(STACK_LABEL, stack)), Set.of(), config.location()));
    }
    for (BuilderConfig b : config.builders().values()) {
      b.hetzner().ifPresent(h -> out.add(resource(new Address(HCLOUD_SERVER, b.name()), Map.of(
          "name", stack + "-" + b.name(),
          "server_type", h.serverType(),
          "image", h.image(),
          "location", h.serverLocation(),
          "labels", Map.of(STACK_LABEL, stack, BUILDER_LABEL, b.name()),
          "ssh_keys", List.of(new Ref(sshKey, "id")),
          "architecture", architecture(b)), Set.of(), b.location())));
      if (b.isBootstrapped()) {
        out.add(resource(new Address(NIXOS_INFECT, b.name()), Map.of(
            "host", host(b),
            "port", (long) b.port(),
            "nixos_channel", b.nixosChannel(),
            "infect_commit", config.nixosInfect().map(InfectPin::commit).orElse(NixosInfect.DEFAULT_COMMIT)),
            Set.of(), b.location()));
      }
      out.add(builder(config, b));
      b.tenants().values().forEach(t -> out.add(tenant(config, b, t)));
    }
    for (ClientConfig c : config.clients().values()) {
      Address key = new Address(CLIENT_KEY, c.name());
      Map<String, Object> keyAttributes = new TreeMap<>(Map.of(
          "host", c.host(),
          "port", (long) c.port(),
          "key_path", c.keyPath()));
      c.hostKey().ifPresent(k -> keyAttributes.put("host_key", k));
      out.add(resource(key, keyAttributes, Set.of(), c.location()));
      out.add(client(config, c, key));
    }
    return Desired.of(stack, out);
  }

  /** The server architecture the builder's systems need; validation has made sure there is exactly one. */
  private static String architecture(BuilderConfig b) {
    return b.systems().stream().map(SystemTypes::hetznerArchitecture).flatMap(Optional::stream).findFirst()
        .orElseThrow(() -> new IllegalStateException(b.name() + ": no Hetzner architecture for " + b.systems()));
  }

  /** Where the builder is reached: its server's IPv4 address once that exists, or the configured host. */
  private static Object host(BuilderConfig b) {
    return b.isHetzner() ? new Ref(new Address(HCLOUD_SERVER, b.name()), "ipv4") : b.host().orElseThrow();
  }

  private static ResourceConfig builder(Config config, BuilderConfig b) {
    Map<String, Object> a = new TreeMap<>(common(b));
    a.put("os", b.os().wire());
    b.tuning().minFree().ifPresent(v -> a.put("min_free", v));
    b.tuning().maxFree().ifPresent(v -> a.put("max_free", v));
    b.tuning().cores().ifPresent(v -> a.put("cores", v));
    b.tuning().memoryMax().ifPresent(v -> a.put("memory_max", v));
    b.restartCommand().ifPresent(v -> a.put("restart_command", v));
    a.put("authorized_keys", config.clients().values().stream()
        .filter(c -> c.builders().contains(b.name()) && b.tenantOf(c.name()).isEmpty())
        .map(c -> (Object) new Ref(new Address(CLIENT_KEY, c.name()), "public_key"))
        .toList());
    Set<Address> deps = new TreeSet<>();
    if (b.isBootstrapped()) {
      Address infect = new Address(NIXOS_INFECT, b.name());
      deps.add(infect); // configure only once the machine runs NixOS, even when host_key is given
      a.put("host_key", b.hostKey().<Object>map(k -> k).orElse(new Ref(infect, "host_key")));
    } else {
      b.hostKey().ifPresent(k -> a.put("host_key", k));
    }
    if (b.supportedFeatures().isEmpty()) {
      a.remove("supported_features");
    }
    return resource(new Address(BUILDER, b.name()), a, deps, b.location());
  }

  /**
   * A tenant: on the builder's host, its user with its clients' keys, each forced to serve the tenant's store. It
   * depends on the builder, whose nix.conf and host key it uses.
   */
  private static ResourceConfig tenant(Config config, BuilderConfig b, TenantConfig t) {
    Address builder = new Address(BUILDER, b.name());
    Map<String, Object> a = new TreeMap<>();
    a.put("builder", b.name());
    a.put("tenant", t.name());
    a.put("host", host(b));
    a.put("port", (long) b.port());
    a.put("os", b.os().wire());
    a.put("user", t.user());
    a.put("store", t.store());
    a.put("store_owner", t.user());
    a.put("protocol", b.protocol().wire());
    a.put("systems", b.systems());
    t.tuning().minFree().ifPresent(v -> a.put("min_free", v));
    t.tuning().maxFree().ifPresent(v -> a.put("max_free", v));
    t.tuning().cores().ifPresent(v -> a.put("cores", v));
    a.put("authorized_keys", t.clients().stream()
        .filter(config.clients()::containsKey)
        .map(c -> (Object) new Ref(new Address(CLIENT_KEY, c), "public_key"))
        .toList());
    a.put("host_key", b.hostKey().<Object>map(k -> k).orElse(new Ref(builder, "host_key")));
    return resource(new Address(TENANT, TenantConfig.resourceName(b.name(), t.name())), a, Set.of(builder),
        t.location());
  }

  /** The attributes a builder and a client's machines entry share. */
  private static Map<String, Object> common(BuilderConfig b) {
    Map<String, Object> a = new TreeMap<>();
    a.put("host", host(b));
    a.put("port", (long) b.port());
    a.put("user", b.user());
    a.put("protocol", b.protocol().wire());
    a.put("systems", b.systems());
    a.put("max_jobs", (long) b.maxJobs());
    a.put("speed_factor", speedFactor(b.speedFactor()));
    a.put("supported_features", b.supportedFeatures().<Object>map(f -> f)
        .orElse(new Ref(new Address(BUILDER, b.name()), "supported_features")));
    a.put("mandatory_features", b.mandatoryFeatures());
    return a;
  }

  private static Object speedFactor(double f) {
    return f == Math.rint(f) && Math.abs(f) < Long.MAX_VALUE ? (Object) (long) f : (Object) f;
  }

  private static ResourceConfig client(Config config, ClientConfig c, Address key) {
    Map<String, Object> a = new TreeMap<>();
    a.put("kind", c.kind().wire());
    a.put("host", c.host());
    a.put("port", (long) c.port());
    Set<Address> deps = new TreeSet<>(Set.of(key));
    List<Object> machines = new ArrayList<>();
    for (String name : c.builders()) {
      BuilderConfig b = config.builders().get(name);
      Address builder = new Address(BUILDER, name);
      deps.add(builder);
      Map<String, Object> m = common(b);
      m.put("builder", name);
      Optional<TenantConfig> tenant = b.tenantOf(c.name());
      if (tenant.isPresent()) {
        // Through the tenant: its user, whose key is forced to the tenant's store, and its jobs.
        Address t = new Address(TENANT, TenantConfig.resourceName(name, tenant.get().name()));
        deps.add(t);
        m.put("builder", t.name());
        m.put("user", tenant.get().user());
        m.put("max_jobs", (long) tenant.get().maxJobs());
      }
      m.put("host_key", b.hostKey().<Object>map(k -> k).orElse(new Ref(builder, "host_key")));
      m.put("key_path", c.keyPath());
      machines.add(m);
    }
    a.put("machines", machines);
    c.maxJobs().ifPresent(n -> a.put("max_jobs", (long) n));
    a.put("builders_use_substitutes", c.buildersUseSubstitutes());
    c.hostKey().ifPresent(k -> a.put("host_key", k));
    c.restartCommand().ifPresent(r -> a.put("restart_command", r));
    return resource(new Address(CLIENT, c.name()), a, deps, c.location());
  }

  private static ResourceConfig resource(
      Address address, Map<String, ?> attributes, Set<Address> dependsOn, SourceLocation at) {
    Set<String> known = new TreeSet<>();
    ResourceTypes.get(address.type()).attributes().forEach(s -> known.add(s.name()));
    if (!known.containsAll(attributes.keySet())) {
      throw new IllegalStateException(address + ": attributes not in the schema: " + attributes.keySet());
    }
    return new ResourceConfig(address, Attributes.of(attributes), dependsOn, Optional.of(at));
  }
}
