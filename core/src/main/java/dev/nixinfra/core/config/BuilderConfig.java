package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.SourceLocation;
import dev.nixinfra.core.model.Address;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One entry of {@code builders:}: a machine that runs builds for clients, either a Hetzner server nixinfra creates
 * ({@link #hetzner()} present) or an existing machine ({@link #host()} present), never both.
 *
 * @param os the resolved OS: {@code nixos} whenever the builder is bootstrapped
 * @param port the SSH port; 22 for Hetzner servers
 * @param nixosChannel the channel a bootstrap installs; meaningless without one
 * @param supportedFeatures empty when the config leaves it out, which lets the builder report its own
 * @param tenants by name; clients of a tenant log in as its user and build in its store, never the shared one
 * @param location the builder's name key in the YAML
 */
public record BuilderConfig(
    String name,
    Optional<HetznerServer> hetzner,
    Optional<String> host,
    int port,
    BuilderOs os,
    Optional<String> hostKey,
    Optional<Bootstrap> bootstrap,
    String nixosChannel,
    List<String> systems,
    int maxJobs,
    double speedFactor,
    Optional<List<String>> supportedFeatures,
    List<String> mandatoryFeatures,
    String user,
    Protocol protocol,
    Tuning tuning,
    Optional<String> restartCommand,
    SortedMap<String, TenantConfig> tenants,
    SourceLocation location) {
  public static final int DEFAULT_PORT = 22;
  public static final String DEFAULT_USER = "remotebuild";

  public BuilderConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hetzner, "hetzner");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(hostKey, "hostKey");
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(nixosChannel, "nixosChannel");
    Objects.requireNonNull(supportedFeatures, "supportedFeatures");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(tuning, "tuning");
    Objects.requireNonNull(restartCommand, "restartCommand");
    Objects.requireNonNull(location, "location");
    tenants = Collections.unmodifiableSortedMap(new TreeMap<>(tenants));
    systems = List.copyOf(systems);
    mandatoryFeatures = List.copyOf(mandatoryFeatures);
    supportedFeatures = supportedFeatures.map(List::copyOf);
    if (!Address.isValidName(name)) {
      throw new IllegalArgumentException("not a builder name: " + name);
    }
    if (hetzner.isPresent() == host.isPresent()) {
      throw new IllegalArgumentException(name + ": a builder has either hetzner or host");
    }
    if (hetzner.isPresent() && bootstrap.isEmpty()) {
      throw new IllegalArgumentException(name + ": a Hetzner builder must be bootstrapped");
    }
    if (bootstrap.isPresent() && os != BuilderOs.NIXOS) {
      throw new IllegalArgumentException(name + ": a bootstrapped builder runs NixOS");
    }
    if (systems.isEmpty() || new HashSet<>(systems).size() != systems.size()) {
      throw new IllegalArgumentException(name + ": systems must be non-empty and distinct");
    }
    if (port < 1 || port > 65535 || maxJobs < 1 || !(speedFactor > 0)) {
      throw new IllegalArgumentException(name + ": port, max_jobs or speed_factor out of range");
    }
    if (user.equals("root")) {
      throw new IllegalArgumentException(name + ": root cannot be the build user");
    }
  }

  public boolean isHetzner() {
    return hetzner.isPresent();
  }

  public boolean isBootstrapped() {
    return bootstrap.isPresent();
  }

  /** The tenant {@code client} builds through, if this builder has tenants and the client is one's. */
  public Optional<TenantConfig> tenantOf(String client) {
    return tenants.values().stream().filter(t -> t.clients().contains(client)).findFirst();
  }
}
