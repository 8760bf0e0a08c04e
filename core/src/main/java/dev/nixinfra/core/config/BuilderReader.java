package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads and checks one entry of {@code builders:}. */
final class BuilderReader {
  static final List<String> KEYS = List.of("hetzner", "host", "port", "os", "host_key", "bootstrap", "nixos_channel",
      "systems", "max_jobs", "speed_factor", "supported_features", "mandatory_features", "user", "protocol",
      "tuning", "restart_command", "tenants");
  static final List<String> HETZNER_KEYS = List.of("server_type", "image", "location");
  static final Pattern FEATURE = Pattern.compile("[a-z0-9-]+");
  static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9.-]*");
  static final Pattern HCLOUD_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");

  private final YamlContext ctx;
  private final YamlMap b;
  private final String name;

  private BuilderReader(YamlContext ctx, YamlMap b, String name) {
    this.ctx = ctx;
    this.b = b;
    this.name = name;
  }

  /**
   * Reads builder {@code name}, reporting every problem.
   *
   * @param defaultLocation the top-level {@code hetzner.location}, if any
   * @return the builder, or empty when something about it was reported as an error
   */
  static Optional<BuilderConfig> read(YamlContext ctx, YamlMap b, String name, Optional<String> defaultLocation,
      Collection<String> clientNames) {
    return new BuilderReader(ctx, b, name).read(defaultLocation, clientNames);
  }

  private Optional<BuilderConfig> read(Optional<String> defaultLocation, Collection<String> clientNames) {
    int errorsBefore = ctx.errorCount();
    Names.check(ctx, b.owner(), "builder", name, b.has("hetzner"));
    b.allowOnly(KEYS);
    boolean isHetzner = b.has("hetzner");
    if (isHetzner && b.has("host")) {
      ctx.error(b.owner(), "builder `" + name + "` has both `hetzner` and `host`",
          "a builder is either a Hetzner server nixinfra creates (`hetzner:`) or an existing machine (`host:`);"
              + " remove one");
    } else if (!isHetzner && !b.has("host")) {
      ctx.error(b.owner(), "builder `" + name + "` has neither `hetzner` nor `host`",
          "add `host: NAME` for an existing machine, or a `hetzner:` block with `server_type:` to create a server");
    }
    Optional<HetznerServer> server = b.map("hetzner").flatMap(h -> hetzner(h, defaultLocation));
    Optional<String> host = b.string("host").filter(h -> checkHost("host", h));
    Optional<Bootstrap> bootstrap = b.choice("bootstrap", Bootstrap.class);
    if (isHetzner && !b.has("bootstrap")) {
      ctx.error(b.keyNode("hetzner"), "a Hetzner server starts as Ubuntu, but builder `" + name
          + "` has no `bootstrap`", "add `bootstrap: nixos-infect` to turn it into NixOS");
    }
    Optional<BuilderOs> os = b.choice("os", BuilderOs.class);
    if (os.equals(Optional.of(BuilderOs.NIX)) && b.has("bootstrap")) {
      ctx.error(b.value("os"), "`os: nix` contradicts `bootstrap` on builder `" + name + "`",
          "a bootstrap installs NixOS; remove `os:` or write `os: nixos`");
    }
    if (isHetzner) {
      if (b.has("port")) {
        ctx.error(b.keyNode("port"), "`port` cannot be set on Hetzner builder `" + name + "`",
            "nixinfra reaches the servers it creates on port 22; remove it");
      }
      if (b.has("host_key")) {
        ctx.error(b.keyNode("host_key"), "`host_key` cannot be set on Hetzner builder `" + name + "`",
            "nixinfra pins the host key of a server it creates on first contact; remove it");
      }
    }
    long port = b.integer("port", 1, 65535).orElse((long) BuilderConfig.DEFAULT_PORT);
    Optional<String> hostKey = MachineAccess.hostKey(ctx, b);
    String channel = b.string("nixos_channel").orElse(NixosInfect.DEFAULT_CHANNEL);
    if (!CHANNEL.matcher(channel).matches()) {
      ctx.error(b.value("nixos_channel"), "`" + b.child("nixos_channel") + "` is not a channel name: `" + channel
          + "`", "write a NixOS channel such as `nixos-25.05` or `nixos-unstable`");
    }
    if (b.has("nixos_channel") && !b.has("bootstrap")) {
      ctx.warning(b.keyNode("nixos_channel"), "`nixos_channel` has no effect without `bootstrap`",
          "remove it, or add `bootstrap: nixos-infect`");
    }
    List<String> systems = systems(isHetzner);
    long maxJobs = b.integer("max_jobs", 1, Integer.MAX_VALUE).orElse(1L);
    double speed = b.positiveNumber("speed_factor").orElse(1.0);
    Optional<List<String>> supported = features("supported_features");
    List<String> mandatory = features("mandatory_features").orElse(List.of());
    if (supported.isPresent()) {
      for (YamlMap.Item f : b.strings("mandatory_features").orElse(List.of())) {
        if (!supported.get().contains(f.value()) && FEATURE.matcher(f.value()).matches()) {
          ctx.warning(f.node(), "mandatory feature `" + f.value() + "` is not in `supported_features`",
              "add it to `supported_features` too; NixOS and nix-darwin list mandatory features as supported");
        }
      }
    }
    String user = user();
    Protocol protocol = b.choice("protocol", Protocol.class).orElse(Protocol.SSH_NG);
    Tuning tuning = b.map("tuning").map(t -> new TuningReader(ctx, t).read()).orElse(Tuning.NONE);
    Optional<String> restart = MachineAccess.restartCommand(ctx, b);
    Map<String, TenantConfig> tenants = TenantReader.read(ctx, b, name,
        new TenantReader.Defaults(user, (int) maxJobs, tuning, systems), clientNames);
    if (ctx.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    BuilderOs resolvedOs = bootstrap.isPresent() ? BuilderOs.NIXOS : os.orElse(BuilderOs.NIX);
    return Optional.of(new BuilderConfig(name, server, host, (int) port, resolvedOs, hostKey, bootstrap, channel,
        systems, (int) maxJobs, speed, supported, mandatory, user, protocol, tuning, restart, new TreeMap<>(tenants),
        ctx.at(b.owner())));
  }

  private Optional<HetznerServer> hetzner(YamlMap h, Optional<String> defaultLocation) {
    h.allowOnly(HETZNER_KEYS);
    h.require("server_type", "server_type: cax21");
    Optional<String> type = h.string("server_type").filter(t -> checkHcloudName(h, "server_type", t));
    String image = h.string("image").filter(i -> checkHcloudName(h, "image", i)).orElse(HetznerServer.DEFAULT_IMAGE);
    Optional<String> location = h.string("location").filter(l -> checkHcloudName(h, "location", l));
    if (!h.has("location") && defaultLocation.isEmpty()) {
      ctx.error(h.owner(), "builder `" + name + "` has no Hetzner location",
          "add `location: fsn1` under `" + h.path() + "`, or a top-level `hetzner:` block with a default"
              + " `location:`");
    }
    Optional<String> resolved = location.or(() -> h.has("location") ? Optional.empty() : defaultLocation);
    if (type.isEmpty() || resolved.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new HetznerServer(type.get(), image, resolved.get(), ctx.at(h.owner())));
  }

  private boolean checkHcloudName(YamlMap h, String key, String value) {
    if (HCLOUD_NAME.matcher(value).matches()) {
      return true;
    }
    ctx.error(h.value(key), "`" + h.child(key) + "` is not a Hetzner name: `" + value + "`",
        "use Hetzner's lower-case name, for example `cax21`, `ubuntu-24.04` or `fsn1`");
    return false;
  }

  private boolean checkHost(String key, String host) {
    if (Hosts.isValid(host)) {
      return true;
    }
    ctx.error(b.value(key), "`" + b.child(key) + "` is not a host name or address: `" + host + "`",
        "write a DNS name such as `build.example.com`, an IPv4 address, or an IPv6 address");
    return false;
  }

  private List<String> systems(boolean isHetzner) {
    b.require("systems", "systems: [x86_64-linux]");
    Optional<List<YamlMap.Item>> items = b.strings("systems");
    List<String> out = new ArrayList<>();
    if (items.isPresent() && b.value("systems") instanceof SequenceNode seq && seq.getValue().isEmpty()) {
      ctx.error(b.value("systems"), "`" + b.child("systems") + "` is empty",
          "list the system types the builder builds for, for example `[x86_64-linux]`");
    }
    for (YamlMap.Item s : items.orElse(List.of())) {
      if (!SystemTypes.isKnown(s.value())) {
        ctx.error(s.node(), "unknown system type `" + s.value() + "`"
                + Suggestions.didYouMean(s.value(), SystemTypes.KNOWN),
            "known system types: " + String.join(", ", SystemTypes.KNOWN));
      } else if (out.contains(s.value())) {
        ctx.error(s.node(), "system type `" + s.value() + "` is listed twice in `" + b.child("systems") + "`",
            "remove one");
      } else if (isHetzner && !SystemTypes.isLinux(s.value())) {
        ctx.error(s.node(), "Hetzner builder `" + name + "` cannot build for `" + s.value() + "`",
            "Hetzner servers run Linux; list only `-linux` systems here and use a `host:` builder for the rest");
      } else if (isHetzner && SystemTypes.hetznerArchitecture(s.value()).isEmpty()) {
        ctx.error(s.node(), "Hetzner has no servers that build `" + s.value() + "` natively",
            "Hetzner servers are x86 (x86_64-linux, i686-linux) or arm (aarch64-linux); use a `host:` builder "
                + "for `" + s.value() + "`");
      } else {
        out.add(s.value());
      }
    }
    if (isHetzner && out.stream().map(SystemTypes::hetznerArchitecture).distinct().count() > 1) {
      ctx.error(b.value("systems"), "Hetzner builder `" + name + "` mixes arm and x86 systems",
          "a Hetzner server is either arm (cax types, aarch64-linux) or x86 (x86_64-linux, i686-linux); "
              + "declare two builders");
    }
    return out;
  }

  private Optional<List<String>> features(String key) {
    return b.strings(key).map(items -> {
      List<String> out = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (YamlMap.Item f : items) {
        if (!FEATURE.matcher(f.value()).matches()) {
          ctx.error(f.node(), "`" + f.value() + "` in `" + b.child(key) + "` is not a feature name",
              "features are lower-case letters, digits and `-`, such as `big-parallel` or `kvm`");
        } else if (!seen.add(f.value())) {
          ctx.error(f.node(), "feature `" + f.value() + "` is listed twice in `" + b.child(key) + "`",
              "remove one");
        } else {
          out.add(f.value());
        }
      }
      return out;
    });
  }

  private String user() {
    Optional<String> user = b.string("user");
    if (user.isEmpty()) {
      return BuilderConfig.DEFAULT_USER;
    }
    Node at = b.value("user");
    if (user.get().equals("root")) {
      ctx.error(at, "`root` cannot be the build user of builder `" + name + "`",
          "clients' keys log in as this user and the nix daemon trusts it; use a dedicated user such as"
              + " `remotebuild`");
    } else if (!USER.matcher(user.get()).matches()) {
      ctx.error(at, "`" + b.child("user") + "` is not a valid user name: `" + user.get() + "`",
          "use lower-case letters, digits, `_` and `-`, starting with a letter or `_`, at most 32 characters");
    }
    return user.get();
  }
}
