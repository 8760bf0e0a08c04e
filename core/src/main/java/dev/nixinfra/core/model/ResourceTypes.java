package dev.nixinfra.core.model;

import static dev.nixinfra.core.model.AttributeSpec.computed;
import static dev.nixinfra.core.model.AttributeSpec.forcesNew;
import static dev.nixinfra.core.model.AttributeSpec.input;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The catalogue of every resource type nixinfra knows, with its schema. */
public final class ResourceTypes {
  public static final String HCLOUD_SSH_KEY = "hcloud_ssh_key";
  public static final String HCLOUD_SERVER = "hcloud_server";
  public static final String NIXOS_INFECT = "nixos_infect";
  public static final String BUILDER = "builder";
  public static final String TENANT = "tenant";
  public static final String CLIENT_KEY = "client_key";
  public static final String CLIENT = "client";

  private static final Map<String, ResourceType> ALL = index(List.of(
      new ResourceType(HCLOUD_SSH_KEY, "hcloud",
          "The public half of ssh.identity, uploaded once so that new servers let nixinfra in as root.",
          List.of(
              input("name", "Name of the key in the Hetzner Cloud project."),
              forcesNew("public_key_file", "Local file with the public key that is uploaded."),
              input("labels", "Labels on the key; nixinfra/stack marks it as this stack's."),
              computed("id", "Hetzner's id of the key."),
              computed("fingerprint", "MD5 fingerprint of the key, as Hetzner shows it."))),
      new ResourceType(HCLOUD_SERVER, "hcloud", "A Hetzner Cloud server that becomes a builder.",
          List.of(
              input("name", "Server name in the Hetzner Cloud project."),
              input("server_type", "Hetzner server type, for example cax21.")
                  .disruptive("the server powers off while its type changes"),
              forcesNew("image", "Image the server is created from, for example ubuntu-24.04."),
              forcesNew("location", "Hetzner location, for example fsn1."),
              forcesNew("architecture", "x86 or arm, as the builder's systems need; the type and image must match."),
              input("labels", "Labels; nixinfra/stack and nixinfra/builder tie the server to this stack."),
              forcesNew("ssh_keys", "Ids of the SSH keys that may log in as root at creation."),
              computed("id", "Hetzner's id of the server."),
              computed("ipv4", "Public IPv4 address."),
              computed("ipv6", "Public IPv6 network."),
              computed("status", "Server status as Hetzner reports it."))),
      new ResourceType(NIXOS_INFECT, "bootstrap",
          "Turns a fresh Debian or Ubuntu machine into NixOS with nixos-infect.",
          List.of(
              forcesNew("host", "Address of the machine to convert."),
              input("port", "SSH port; changing it later does not convert the machine again."),
              forcesNew("nixos_channel", "NixOS channel installed, for example nixos-25.05."),
              forcesNew("infect_commit", "The nixos-infect commit that is run."),
              computed("host_key", "SSH host key of the machine, pinned on first contact."),
              computed("os_release", "ID from /etc/os-release once converted."))),
      new ResourceType(BUILDER, "nix",
          "A machine that runs builds for clients: build user, authorized keys, trust and daemon tuning.",
          List.of(
              forcesNew("host", "Host name or address nixinfra and the clients connect to."),
              input("port", "SSH port."),
              input("os", "nix (any Linux with multi-user Nix) or nixos."),
              input("user", "The build user that clients log in as."),
              input("protocol", "ssh-ng or ssh."),
              input("systems", "System types the builder builds for."),
              input("max_jobs", "Builds it runs at once for clients."),
              input("speed_factor", "Preference among builders; higher is preferred."),
              input("supported_features", "System features offered to clients.").optionalComputed(),
              input("mandatory_features", "Features a derivation must require to be built here."),
              input("min_free", "Garbage-collect when free space falls below this."),
              input("max_free", "Stop collecting garbage once this much is free."),
              input("cores", "Cores each build may use; 0 means all."),
              input("memory_max", "Memory limit of the nix daemon, as a size or a percentage."),
              input("restart_command", "Command that restarts the nix daemon, when not the service manager's."),
              input("authorized_keys", "Public keys of the clients that use this builder."),
              input("host_key", "SSH host key, from the configuration or pinned on first contact.")
                  .optionalComputed(),
              files(),
              computed("nix_version", "Version of Nix on the builder."),
              computed("own_system_features", "The builder's own system-features, before nixinfra added any."),
              computed("nix_daemon", "Absolute path of nix-daemon on the builder: clients' keys are forced to run it."),
              computed("user_created", "True when nixinfra created the build user, so destroy removes it."))),
      new ResourceType(TENANT, "nix",
          "One tenant of a shared builder: its own user, its clients' keys and its own Nix store on the builder.",
          List.of(
              forcesNew("builder", "The builder the tenant shares."),
              forcesNew("tenant", "The tenant's name."),
              forcesNew("host", "Host name or address of the builder."),
              input("port", "SSH port of the builder."),
              input("os", "nix or nixos, as the builder."),
              forcesNew("user", "The user the tenant's clients log in as; it owns the tenant's store."),
              forcesNew("store", "Root of the tenant's store; deleting the tenant deletes it."),
              input("store_owner", "Owner of the store root; anything else is drift."),
              input("protocol", "ssh-ng or ssh, as the builder."),
              input("systems", "System types the builder builds for."),
              input("min_free", "The tenant's daemon collects garbage in its store below this much free space."),
              input("max_free", "It stops collecting once this much is free."),
              input("cores", "Cores each of the tenant's builds may use; 0 means all."),
              input("authorized_keys", "Public keys of the tenant's clients."),
              input("host_key", "SSH host key of the builder.").optionalComputed(),
              files(),
              computed("nix_version", "Version of Nix on the builder."),
              computed("nix_daemon", "Absolute path of nix-daemon on the builder: the tenant's keys are forced to "
                  + "run it on the tenant's store."),
              computed("user_created", "True when nixinfra created the tenant's user, so destroy removes it."))),
      new ResourceType(CLIENT_KEY, "nix",
          "The SSH key pair a client's nix-daemon logs in to builders with; the private half never leaves it.",
          List.of(
              forcesNew("host", "The client machine, or local for this one."),
              input("port", "SSH port of the client."),
              forcesNew("key_path", "Where the private key lives on the client."),
              input("host_key", "SSH host key of the client, from the configuration or as first seen.")
                  .optionalComputed(),
              computed("public_key", "The public half, authorized on the client's builders."),
              computed("created", "True when nixinfra generated the key pair, so destroy removes it."))),
      new ResourceType(CLIENT, "nix",
          "A machine that offloads builds: machines entries, nix.conf settings and a daemon restart.",
          List.of(
              forcesNew("kind", "nixos, nix-darwin, nix-linux or nix-macos."),
              forcesNew("host", "The client machine, or local for this one."),
              input("port", "SSH port of the client."),
              input("machines", "One entry per builder the client uses."),
              input("max_jobs", "Builds the client runs itself; 0 sends every build to the builders."),
              input("builders_use_substitutes", "Builders fetch from binary caches themselves."),
              input("host_key", "SSH host key of the client, from the configuration or as first seen.")
                  .optionalComputed(),
              input("restart_command", "Command that restarts the nix daemon, when not the service manager's."),
              files(),
              computed("nix_version", "Version of Nix on the client.")))));

  private ResourceTypes() {}

  /**
   * What nixinfra writes on a host, by absolute path: the whole file where nixinfra owns it, else its managed
   * block. The provider works it out while planning and reads it back on refresh, so a hand edit is drift.
   */
  private static AttributeSpec files() {
    return input("files", "Files nixinfra writes on the host, by path: the whole file it owns, or its managed "
        + "block in a file it shares.").optionalComputed();
  }

  private static Map<String, ResourceType> index(List<ResourceType> types) {
    Map<String, ResourceType> m = new TreeMap<>();
    types.forEach(t -> m.put(t.name(), t));
    return java.util.Collections.unmodifiableMap(m);
  }

  public static Optional<ResourceType> find(String name) {
    return Optional.ofNullable(ALL.get(name));
  }

  /** The type named {@code name}; a name that is not in the catalogue is a programming error. */
  public static ResourceType get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("no resource type " + name));
  }

  public static List<ResourceType> all() {
    return List.copyOf(ALL.values());
  }
}
