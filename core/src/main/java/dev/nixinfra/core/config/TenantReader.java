package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.MappingNode;

/** Reads and checks a builder's {@code tenants:}, each against the others and against the clients the file names. */
final class TenantReader {
  static final List<String> KEYS = List.of("clients", "user", "store", "max_jobs", "tuning");

  private final YamlContext ctx;
  private final YamlMap b;
  private final String builder;
  private final Collection<String> clientNames;

  private TenantReader(YamlContext ctx, YamlMap b, String builder, Collection<String> clientNames) {
    this.ctx = ctx;
    this.b = b;
    this.builder = builder;
    this.clientNames = clientNames;
  }

  /**
   * Reads {@code builders.<builder>.tenants}, reporting every problem.
   *
   * @param defaults the builder's user, jobs, tuning and systems, which tenants inherit or must differ from
   * @param clientNames every client the file declares
   */
  static Map<String, TenantConfig> read(YamlContext ctx, YamlMap b, String builder, Defaults defaults,
      Collection<String> clientNames) {
    return new TenantReader(ctx, b, builder, clientNames).read(defaults);
  }

  /** What tenants take from their builder. */
  record Defaults(String user, int maxJobs, Tuning tuning, List<String> systems) {}

  private Map<String, TenantConfig> read(Defaults defaults) {
    Map<String, TenantConfig> out = new TreeMap<>();
    if (!b.has("tenants")) {
      return out;
    }
    Optional<YamlMap> tenants = b.map("tenants");
    if (tenants.isEmpty()) {
      return out;
    }
    if (!(b.value("tenants") instanceof MappingNode m) || m.getValue().isEmpty()) {
      ctx.error(b.value("tenants"), "`" + b.child("tenants") + "` is empty",
          "name each tenant with its clients, for example `alice: { clients: [alice-laptop] }`, or remove it");
      return out;
    }
    List<String> notLinux = defaults.systems().stream().filter(s -> !SystemTypes.isLinux(s)).toList();
    if (!notLinux.isEmpty()) {
      ctx.error(b.keyNode("tenants"), "builder `" + builder + "` has tenants but builds for "
              + String.join(", ", notLinux),
          "a tenant's store lives outside /nix/store, and Nix builds into such a store only inside Linux's build "
              + "sandbox; put tenants on a Linux builder");
    }
    Map<String, String> tenantOfClient = new HashMap<>();
    Map<String, String> users = new HashMap<>();
    Map<String, String> stores = new HashMap<>();
    for (String name : tenants.get().keys()) {
      YamlMap t = YamlMap.of(ctx, tenants.get().child(name), tenants.get().keyNode(name),
          tenants.get().value(name));
      tenant(t, name, defaults, tenantOfClient, users, stores).ifPresent(x -> out.put(name, x));
    }
    return out;
  }

  private Optional<TenantConfig> tenant(YamlMap t, String name, Defaults defaults, Map<String, String> tenantOfClient,
      Map<String, String> users, Map<String, String> stores) {
    int errorsBefore = ctx.errorCount();
    if (!TenantConfig.NAME.matcher(name).matches()) {
      ctx.error(t.owner(), "tenant name `" + name + "` is not allowed",
          "use lower-case letters, digits and `-`, starting with a letter, at most 23 characters, for example "
              + "`alice`; it becomes part of the tenant's user name and store path");
    }
    t.allowOnly(KEYS);
    t.require("clients", "clients: [alice-laptop]");
    List<String> clients = new ArrayList<>();
    Optional<List<YamlMap.Item>> items = t.strings("clients");
    if (items.map(List::isEmpty).orElse(false)) {
      ctx.error(t.value("clients"), "`" + t.child("clients") + "` is empty",
          "list the clients that build through tenant `" + name + "`, or remove the tenant");
    }
    for (YamlMap.Item c : items.orElse(List.of())) {
      if (!clientNames.contains(c.value())) {
        ctx.error(c.node(), "unknown client `" + c.value() + "` in `" + t.child("clients") + "`"
                + Suggestions.didYouMean(c.value(), clientNames),
            clientNames.isEmpty() ? "define it under `clients:`"
                : "use one of the clients defined under `clients:`: " + String.join(", ", clientNames));
      } else if (clients.contains(c.value())) {
        ctx.error(c.node(), "client `" + c.value() + "` is listed twice in `" + t.child("clients") + "`",
            "remove one");
      } else if (tenantOfClient.containsKey(c.value())) {
        ctx.error(c.node(), "client `" + c.value() + "` is in two tenants of builder `" + builder + "`: `"
                + tenantOfClient.get(c.value()) + "` and `" + name + "`",
            "a client builds through one tenant of a builder, and sees only that tenant's store; remove it from one");
      } else {
        clients.add(c.value());
        tenantOfClient.put(c.value(), name);
      }
    }
    String user = t.string("user").orElse(TenantConfig.defaultUser(name));
    if (t.has("user") && !BuilderReader.USER.matcher(user).matches()) {
      ctx.error(t.value("user"), "`" + t.child("user") + "` is not a valid user name: `" + user + "`",
          "use lower-case letters, digits, `_` and `-`, starting with a letter or `_`, at most 32 characters");
    } else if (user.equals("root") || user.equals(defaults.user())) {
      ctx.error(t.has("user") ? t.value("user") : t.owner(), "tenant `" + name + "` cannot log in as `" + user
              + "`", "root and the builder's own build user reach the shared store; give the tenant a user of its "
              + "own, such as `" + TenantConfig.defaultUser(name) + "`");
    } else if (users.containsKey(user)) {
      ctx.error(t.has("user") ? t.value("user") : t.owner(), "tenants `" + users.get(user) + "` and `" + name
          + "` of builder `" + builder + "` share the user `" + user + "`", "give each tenant its own user");
    } else {
      users.put(user, name);
    }
    String store = t.string("store").orElse(TenantConfig.defaultStore(name));
    if (t.has("store")) {
      checkStore(t, store);
    }
    for (Map.Entry<String, String> other : stores.entrySet()) {
      if (store.equals(other.getKey()) || store.startsWith(other.getKey() + "/")
          || other.getKey().startsWith(store + "/")) {
        ctx.error(t.has("store") ? t.value("store") : t.owner(), "the stores of tenants `" + other.getValue()
            + "` and `" + name + "` overlap: " + other.getKey() + " and " + store,
            "give each tenant a directory of its own, neither inside the other");
      }
    }
    stores.put(store, name);
    long maxJobs = t.integer("max_jobs", 1, Integer.MAX_VALUE).orElse((long) defaults.maxJobs());
    Tuning own = t.map("tuning").map(x -> new TuningReader(ctx, x, TuningReader.TENANT_KEYS).read())
        .orElse(Tuning.NONE);
    if (ctx.errorCount() > errorsBefore || clients.isEmpty()) {
      return Optional.empty();
    }
    Tuning inherited = defaults.tuning();
    Optional<Long> minFree = own.minFree().or(inherited::minFree);
    Optional<Long> maxFree = own.maxFree().or(inherited::maxFree);
    if (minFree.isPresent() && maxFree.isPresent() && minFree.get() >= maxFree.get()) {
      ctx.error(t.value("tuning"), "tenant `" + name + "` collects garbage from min_free " + minFree.get()
          + " to max_free " + maxFree.get() + " (its own and the builder's values)",
          "set both min_free and max_free under `" + t.child("tuning") + "`, min_free the smaller");
      return Optional.empty();
    }
    Tuning tuning = new Tuning(minFree, maxFree, own.cores().or(inherited::cores), Optional.empty(),
        own.location().or(inherited::location));
    return Optional.of(new TenantConfig(name, user, store, clients, (int) maxJobs, tuning, ctx.at(t.owner())));
  }

  private void checkStore(YamlMap t, String store) {
    boolean clean = store.startsWith("/") && !store.endsWith("/") && !store.contains("//")
        && List.of(store.split("/")).stream().noneMatch(p -> p.equals(".") || p.equals(".."))
        && store.matches("[A-Za-z0-9_./-]+");
    if (!clean) {
      ctx.error(t.value("store"), "`" + t.child("store") + "` is not a plain absolute directory: `" + store + "`",
          "write an absolute path without `.`, `..`, spaces or a trailing `/`, for example `"
              + TenantConfig.STORE_PARENT + "alice`");
    } else if (store.length() > TenantConfig.MAX_STORE_LENGTH) {
      ctx.error(t.value("store"), "`" + t.child("store") + "` is longer than " + TenantConfig.MAX_STORE_LENGTH
              + " characters: `" + store + "`",
          "Nix puts its garbage collector's socket at <store>/nix/var/nix/gc-socket/socket, and a socket path has"
              + " at most 107 characters; choose a shorter directory");
    } else if (store.equals("/nix") || store.startsWith("/nix/")) {
      ctx.error(t.value("store"), "`" + t.child("store") + "` is inside /nix: `" + store + "`",
          "/nix belongs to the builder's shared store; put tenant stores elsewhere, for example under "
              + TenantConfig.STORE_PARENT);
    } else if (store.split("/").length < 3) {
      ctx.error(t.value("store"), "`" + t.child("store") + "` is a top-level directory: `" + store + "`",
          "removing the tenant deletes this directory; use one of its own, for example `" + store + "/tenant`");
    }
  }
}
