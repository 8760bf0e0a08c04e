package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads and checks one entry of {@code clients:}. */
final class ClientReader {
  static final List<String> KEYS =
      List.of("kind", "host", "port", "builders", "max_jobs", "builders_use_substitutes", "key_path", "host_key",
          "restart_command");
  static final String ALL = "all";

  private final YamlContext ctx;
  private final YamlMap c;
  private final String name;
  private final Collection<String> builderNames;
  private final Map<String, BuilderConfig> builders;
  private boolean all;

  private ClientReader(YamlContext ctx, YamlMap c, String name, Collection<String> builderNames,
      Map<String, BuilderConfig> builders) {
    this.ctx = ctx;
    this.c = c;
    this.name = name;
    this.builderNames = builderNames;
    this.builders = builders;
  }

  /**
   * Reads client {@code name}, reporting every problem.
   *
   * @param builderNames every builder name in the file, whether or not that builder is valid
   * @param builders the builders that were read without errors, with their tenants
   * @return the client, or empty when something about it was reported as an error
   */
  static Optional<ClientConfig> read(YamlContext ctx, YamlMap c, String name, Collection<String> builderNames,
      Map<String, BuilderConfig> builders) {
    return new ClientReader(ctx, c, name, builderNames, builders).read();
  }

  private Optional<ClientConfig> read() {
    int errorsBefore = ctx.errorCount();
    Names.check(ctx, c.owner(), "client", name, false);
    c.allowOnly(KEYS);
    c.require("kind", "kind: nixos");
    Optional<ClientKind> kind = c.choice("kind", ClientKind.class);
    c.require("host", "host: local");
    Optional<String> host = c.string("host").filter(this::checkHost);
    long port = c.integer("port", 1, 65535).orElse(22L);
    c.require("builders", "builders: all");
    List<String> builders = builders();
    checkTenancy(builders);
    Optional<Long> maxJobs = c.integer("max_jobs", 0, Integer.MAX_VALUE);
    boolean substitutes = c.bool("builders_use_substitutes").orElse(true);
    String keyPath = c.string("key_path").orElse(ClientConfig.DEFAULT_KEY_PATH);
    if (!keyPath.startsWith("/")) {
      ctx.error(c.value("key_path"), "`" + c.child("key_path") + "` must be an absolute path: `" + keyPath + "`",
          "write a path starting with `/`, for example `" + ClientConfig.DEFAULT_KEY_PATH
              + "`; the client's root nix-daemon reads it");
    }
    Optional<String> hostKey = MachineAccess.hostKey(ctx, c);
    if (hostKey.isPresent() && host.filter(ClientConfig.LOCAL::equals).isPresent()) {
      ctx.warning(c.keyNode("host_key"), "`host_key` has no effect for `host: local`",
          "nixinfra runs the steps for this machine without SSH; remove it");
      hostKey = Optional.empty();
    }
    Optional<String> restart = MachineAccess.restartCommand(ctx, c);
    if (ctx.errorCount() > errorsBefore || kind.isEmpty() || host.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ClientConfig(name, kind.get(), host.get(), (int) port, builders, all,
        maxJobs.map(Long::intValue), substitutes, keyPath, hostKey, restart, ctx.at(c.owner())));
  }

  private boolean hasTenants(String builder) {
    return builders.containsKey(builder) && !builders.get(builder).tenants().isEmpty();
  }

  /** A client a tenant names must use that tenant's builder: the tenant is how it reaches it. */
  private void checkTenancy(List<String> used) {
    for (BuilderConfig b : builders.values()) {
      Optional<TenantConfig> t = b.tenantOf(name);
      if (t.isPresent() && !used.contains(b.name()) && c.has("builders")) {
        ctx.error(c.value("builders"), "client `" + name + "` is in tenant `" + t.get().name() + "` of builder `"
                + b.name() + "`, but does not use `" + b.name() + "`",
            "add `" + b.name() + "` to `" + c.child("builders") + "`, or remove `" + name + "` from `builders."
                + b.name() + ".tenants." + t.get().name() + ".clients`");
      }
    }
  }

  private boolean checkHost(String host) {
    if (host.equals(ClientConfig.LOCAL) || Hosts.isValid(host)) {
      return true;
    }
    ctx.error(c.value("host"), "`" + c.child("host") + "` is not a host name or address: `" + host + "`",
        "write `local` for this machine, or a DNS name, an IPv4 address or an IPv6 address");
    return false;
  }

  private List<String> builders() {
    if (!c.has("builders")) {
      return List.of();
    }
    Node v = c.value("builders");
    if (YamlNodes.isScalar(v, Tag.STR) && YamlNodes.text(v).equals(ALL)) {
      all = true;
      if (builderNames.isEmpty()) {
        ctx.warning(v, "client `" + name + "` uses all builders, but there are none",
            "add builders under `builders:`; until then this client builds everything itself");
      }
      // A builder with tenants serves only its tenants' clients: `all` means every builder this client may use.
      return builderNames.stream().filter(b -> !hasTenants(b) || builders.get(b).tenantOf(name).isPresent())
          .toList();
    }
    if (!(v instanceof SequenceNode)) {
      ctx.error(v, "`" + c.child("builders") + "` must be a list of builder names or `all`, not "
          + YamlNodes.describe(v), YamlNodes.isScalar(v, Tag.STR)
              ? "write `builders: [" + YamlNodes.text(v) + "]` for one builder, or `builders: all`"
              : "write `builders: [name, ...]` or `builders: all`");
      return List.of();
    }
    List<YamlMap.Item> items = c.strings("builders").orElse(List.of());
    if (((SequenceNode) v).getValue().isEmpty()) {
      ctx.error(v, "`" + c.child("builders") + "` is empty",
          "list the builders this client uses, or write `builders: all`");
    }
    List<String> out = new ArrayList<>();
    for (YamlMap.Item b : items) {
      if (!builderNames.contains(b.value())) {
        ctx.error(b.node(), "unknown builder `" + b.value() + "` in `" + c.child("builders") + "`"
                + Suggestions.didYouMean(b.value(), builderNames),
            builderNames.isEmpty() ? "define it under `builders:`"
                : "use one of the builders defined under `builders:`: " + String.join(", ", builderNames));
      } else if (hasTenants(b.value()) && builders.get(b.value()).tenantOf(name).isEmpty()) {
        ctx.error(b.node(), "builder `" + b.value() + "` is shared by tenants ("
                + String.join(", ", builders.get(b.value()).tenants().keySet()) + "), and client `" + name
                + "` is in none of them",
            "its clients build only through a tenant, each in the tenant's own store; add `" + name
                + "` to the `clients` of one of `builders." + b.value() + ".tenants`, or remove `" + b.value()
                + "` from this list");
      } else if (out.contains(b.value())) {
        ctx.error(b.node(), "builder `" + b.value() + "` is listed twice in `" + c.child("builders") + "`",
            "remove one");
      } else {
        out.add(b.value());
      }
    }
    return out;
  }
}
