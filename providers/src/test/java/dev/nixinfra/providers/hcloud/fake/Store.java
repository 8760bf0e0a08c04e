package dev.nixinfra.providers.hcloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The fake project's servers and actions, with the API's rules: unique names, catalogue checks on create, labels
 * replaced as a whole, delete protection, {@code change_type} only when off, {@code locked} while an action runs.
 * Effects that take time at Hetzner (a server starting, stopping, changing type) are applied when their action
 * completes: after {@code actionPolls} answers of {@code running} to polls, or once {@code actionDuration} has
 * passed. Every method is synchronized on the store; the HTTP layer holds that lock while it handles a request.
 */
final class Store {
  private static final Pattern HOSTNAME =
      Pattern.compile("^(?=.{1,63}$)[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$");

  record Created(FakeServer server, Action action, List<Action> next, String rootPassword) {}

  final Catalogue catalogue = new Catalogue();
  final KeyStore keys = new KeyStore();
  private final Options options;
  private final Map<Long, FakeServer> servers = new TreeMap<>();
  private final Map<Long, Action> actions = new TreeMap<>();
  private final List<Action> running = new ArrayList<>();
  private final Set<String> unavailable = new HashSet<>();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Long> createRequests = new TreeMap<>();
  private final List<String> createdNames = new ArrayList<>();
  private long nextServerId = 42_000_001;
  private long nextActionId = 1_000_001;

  Store(Options options) {
    this.options = options;
  }

  synchronized boolean available(String type, String location) {
    return !unavailable.contains(type + "@" + location);
  }

  synchronized void setAvailability(String type, String location, boolean available) {
    catalogue.type(type).orElseThrow(() -> new IllegalArgumentException("unknown server type " + type));
    catalogue.location(location).orElseThrow(() -> new IllegalArgumentException("unknown location " + location));
    if (available) {
      unavailable.remove(type + "@" + location);
    } else {
      unavailable.add(type + "@" + location);
    }
  }

  /** POST /servers. */
  synchronized Created create(JsonNode body) {
    if (body.has("datacenter")) {
      throw ApiError.invalidInput("datacenter", "datacenter was removed on 2026-07-01; use location");
    }
    String name = required(body, "name");
    createRequests.merge(name, 1L, Long::sum);
    String typeRef = required(body, "server_type");
    String imageRef = required(body, "image");
    String locRef = body.hasNonNull("location") ? body.get("location").asText() : "fsn1";
    Catalogue.Type type = catalogue.type(typeRef)
        .orElseThrow(() -> ApiError.invalidInput("server_type", "server type " + typeRef + " not found"));
    Catalogue.Loc loc = catalogue.location(locRef)
        .orElseThrow(() -> ApiError.invalidInput("location", "location " + locRef + " not found"));
    Catalogue.Img image = catalogue.image(imageRef, type.architecture())
        .orElseThrow(() -> ApiError.invalidInput("image", "image " + imageRef + " not found"));
    if (!image.architecture().equals(type.architecture())) {
      throw ApiError.invalidInput("image", "image architecture " + image.architecture()
          + " does not match server type architecture " + type.architecture());
    }
    for (JsonNode k : body.path("ssh_keys")) {
      if (keys.find(k.asText()).isEmpty()) {
        throw ApiError.invalidInput("ssh_keys", "SSH key " + k.asText() + " not found");
      }
    }
    boolean start = !body.has("start_after_create") || body.get("start_after_create").asBoolean();
    FakeServer s = put(name, type, loc, image, labels(body.get("labels")), "initializing");
    createdNames.add(name);
    Action create = startAction("create_server", s,
        () -> s.status = s.status.equals("initializing") ? (start ? "starting" : "off") : s.status);
    List<Action> next = new ArrayList<>();
    if (start) {
      next.add(startAction("start_server", s, () -> s.status = "running"));
    }
    s.busy = next.isEmpty() ? create : next.get(0);
    boolean withKeys = body.path("ssh_keys").size() > 0;
    return new Created(s, create, next, withKeys ? null : password());
  }

  synchronized Map<String, Long> createRequests() {
    return Map.copyOf(createRequests);
  }

  synchronized List<String> createdNames() {
    return List.copyOf(createdNames);
  }

  /** Creates a server directly (no action), as if made outside nixinfra; checks names and the catalogue. */
  synchronized FakeServer put(String name, String typeName, String location, String imageName,
      Map<String, String> labels, String status) {
    Catalogue.Type type = catalogue.type(typeName)
        .orElseThrow(() -> new IllegalArgumentException("unknown server type " + typeName));
    Catalogue.Loc loc = catalogue.location(location)
        .orElseThrow(() -> new IllegalArgumentException("unknown location " + location));
    Catalogue.Img image = catalogue.image(imageName, type.architecture())
        .orElseThrow(() -> new IllegalArgumentException("no " + type.architecture() + " image " + imageName));
    return put(name, type, loc, image, labels, status);
  }

  private FakeServer put(String name, Catalogue.Type type, Catalogue.Loc loc, Catalogue.Img image,
      Map<String, String> labels, String status) {
    checkName(name, null);
    if (!type.locations().contains(loc.name())) {
      throw ApiError.invalidInput("server_type", "unsupported location for server type " + type.name());
    }
    if (!available(type.name(), loc.name())) {
      throw ApiError.resourceUnavailable("server type " + type.name() + " is unavailable in location "
          + loc.name());
    }
    FakeServer s = new FakeServer(nextServerId++, Instant.now(), name, status, type, loc, image, labels,
        options.serverIpv4());
    servers.put(s.id, s);
    return s;
  }

  synchronized FakeServer server(long id) {
    settleAll();
    FakeServer s = servers.get(id);
    if (s == null) {
      throw ApiError.notFound("server");
    }
    return s;
  }

  synchronized List<FakeServer> servers(String name, LabelSelector selector) {
    settleAll();
    List<FakeServer> out = new ArrayList<>();
    for (FakeServer s : servers.values()) {
      if ((name == null || s.name.equals(name)) && selector.test(s.labels)) {
        out.add(s);
      }
    }
    return out;
  }

  /** PUT /servers/{id}: a new unique name and/or a label set that replaces the old one. */
  synchronized FakeServer update(long id, JsonNode body) {
    FakeServer s = server(id);
    if (body.hasNonNull("name")) {
      String name = body.get("name").asText();
      checkName(name, s);
      s.name = name;
    }
    if (body.has("labels")) {
      s.labels = labels(body.get("labels"));
    }
    return s;
  }

  /** DELETE /servers/{id}: refused with 423 {@code protected} under delete protection; gone at once. */
  synchronized Action delete(long id) {
    FakeServer s = server(id);
    if (s.deleteProtection) {
      throw ApiError.protectedResource("server " + s.name + " is delete protected");
    }
    s.status = "deleting";
    servers.remove(id);
    return startAction("delete_server", s, () -> { });
  }

  /** Removes a server as if deleted in the console; false when there was none. */
  synchronized boolean deleteOutside(long id) {
    return servers.remove(id) != null;
  }

  /** POST /servers/{id}/actions/{name}. */
  synchronized Action serverAction(long id, String name, JsonNode body) {
    FakeServer s = server(id);
    if (s.busy != null && !s.busy.done()) {
      throw ApiError.locked();
    }
    Action a;
    switch (name) {
      case "shutdown" -> a = powerAction("shutdown_server", s, "stopping", "off");
      case "poweroff" -> a = powerAction("stop_server", s, "stopping", "off");
      case "poweron" -> a = powerAction("start_server", s, "starting", "running");
      case "reboot" -> a = powerAction("reboot_server", s, s.status, "running");
      case "change_type" -> a = changeType(s, body);
      default -> throw new ApiError(404, "not_found", "action " + name + " not found", null);
    }
    s.busy = a;
    return a;
  }

  private Action powerAction(String command, FakeServer s, String during, String after) {
    s.status = during;
    return startAction(command, s, () -> s.status = after);
  }

  private Action changeType(FakeServer s, JsonNode body) {
    String ref = required(body, "server_type");
    if (!body.has("upgrade_disk") || !body.get("upgrade_disk").isBoolean()) {
      throw ApiError.invalidInput("upgrade_disk", "is required");
    }
    boolean upgradeDisk = body.get("upgrade_disk").asBoolean();
    if (!s.status.equals("off")) {
      throw ApiError.serverNotStopped();
    }
    Catalogue.Type to = catalogue.type(ref)
        .orElseThrow(() -> ApiError.invalidServerType("server type " + ref + " not found"));
    if (!to.architecture().equals(s.type.architecture())) {
      throw ApiError.invalidServerType("server type " + to.name() + " has another architecture");
    }
    if (!to.locations().contains(s.location.name())) {
      throw ApiError.invalidServerType("server type " + to.name() + " is not supported in location "
          + s.location.name());
    }
    if (!available(to.name(), s.location.name())) {
      throw ApiError.resourceUnavailable("server type " + to.name() + " is unavailable in location "
          + s.location.name());
    }
    if (to.disk() < s.primaryDiskSize) {
      throw ApiError.invalidServerType("cannot downgrade to " + to.name() + ": its disk is smaller than "
          + s.primaryDiskSize + " GB");
    }
    return startAction("change_server_type", s, () -> {
      s.type = to;
      if (upgradeDisk) {
        s.primaryDiskSize = to.disk();
      }
    });
  }

  synchronized void setProtection(long id, boolean delete, boolean rebuild) {
    FakeServer s = server(id);
    s.deleteProtection = delete;
    s.rebuildProtection = rebuild;
  }

  synchronized void setLabels(long id, Map<String, String> labels) {
    server(id).labels = new java.util.TreeMap<>(labels);
  }

  synchronized void setStatus(long id, String status) {
    server(id).status = status;
  }

  /** An action by id; {@code poll} counts this look as a poll that may complete it. */
  synchronized Action action(long id, boolean poll) {
    Action a = actions.get(id);
    if (a == null) {
      throw ApiError.notFound("action");
    }
    settle(a, poll);
    return a;
  }

  synchronized List<Action> actionsOf(long serverId) {
    server(serverId);
    List<Action> out = new ArrayList<>();
    for (Action a : actions.values()) {
      if (a.serverId == serverId) {
        settle(a, false);
        out.add(a);
      }
    }
    return out;
  }

  private Action startAction(String command, FakeServer s, Runnable effect) {
    Action a = new Action(nextActionId++, command, s.id, Instant.now(), System.nanoTime(), effect);
    actions.put(a.id, a);
    running.add(a);
    return a;
  }

  /** Completes {@code a} when it has answered {@code running} to enough polls or has run long enough. */
  private void settle(Action a, boolean poll) {
    if (a.done()) {
      return;
    }
    Duration d = options.actionDuration();
    boolean byTime = d != null && System.nanoTime() - a.startedNanos >= d.toNanos();
    boolean byPolls = d == null && a.runningAnswers >= options.actionPolls();
    if (byTime || byPolls) {
      a.finished = Instant.now();
      running.remove(a);
      a.effect.run();
    } else if (poll) {
      a.runningAnswers++;
    }
  }

  private void settleAll() {
    for (Iterator<Action> it = List.copyOf(running).iterator(); it.hasNext(); ) {
      settle(it.next(), false);
    }
  }

  synchronized List<FakeServer> all() {
    settleAll();
    return List.copyOf(servers.values());
  }

  private void checkName(String name, FakeServer self) {
    if (name == null || !HOSTNAME.matcher(name).matches()) {
      throw ApiError.invalidInput("name", "name must be a valid hostname");
    }
    for (FakeServer o : servers.values()) {
      if (o != self && o.name.equals(name)) {
        throw new ApiError(409, "uniqueness_error", "server name is already used", null);
      }
    }
  }

  private static String required(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull() || v.asText().isEmpty()) {
      throw ApiError.invalidInput(field, "is required");
    }
    return v.asText();
  }

  /** A label map from JSON; anything but an object of strings is {@code invalid_input}. */
  static Map<String, String> labels(JsonNode n) {
    Map<String, String> m = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return m;
    }
    if (!n.isObject()) {
      throw ApiError.invalidInput("labels", "must be an object");
    }
    n.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) {
        throw ApiError.invalidInput("labels", "label values must be strings");
      }
      m.put(e.getKey(), e.getValue().asText());
    });
    return m;
  }

  private String password() {
    String chars = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append(chars.charAt(random.nextInt(chars.length())));
    }
    return sb.toString();
  }
}
