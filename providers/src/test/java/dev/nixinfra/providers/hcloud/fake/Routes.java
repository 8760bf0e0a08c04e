package dev.nixinfra.providers.hcloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Maps an authenticated request (method, path below {@code /v1}, query, body) to the store and renders the answer
 * in the API's shapes. Unknown paths are 404 {@code not_found}; known paths with another method are 405
 * {@code method_not_allowed}. The caller holds the store's lock.
 */
final class Routes {
  private final Store store;
  private final int pageCap;

  Routes(Store store, int pageCap) {
    this.store = store;
    this.pageCap = pageCap;
  }

  Reply handle(String method, String path, Query q, byte[] rawBody) {
    String[] p = path.replaceAll("^/+|/+$", "").split("/");
    String root = p[0];
    switch (root) {
      case "servers":
        return servers(method, p, q, rawBody);
      case "ssh_keys":
        return sshKeys(method, p, q, rawBody);
      case "actions":
        return actions(method, p, q);
      case "server_types":
      case "locations":
      case "images":
        return catalogue(method, p, q);
      default:
        throw ApiError.notFound("resource");
    }
  }

  private Reply servers(String m, String[] p, Query q, byte[] raw) {
    if (p.length == 1) {
      if (m.equals("GET")) {
        LabelSelector sel = LabelSelector.parse(q.first("label_selector"));
        List<FakeServer> list = store.servers(q.first("name"), sel);
        List<String> statuses = q.all("status");
        if (!statuses.isEmpty()) {
          list = list.stream().filter(s -> statuses.contains(s.status)).toList();
        }
        return Reply.ok(Page.of("servers", list, q, pageCap, this::server));
      }
      allow(m, "POST");
      Store.Created c = store.create(Json.parse(raw));
      ObjectNode o = Json.object();
      o.set("server", server(c.server()));
      o.set("action", c.action().json());
      ArrayNode next = o.putArray("next_actions");
      c.next().forEach(a -> next.add(a.json()));
      o.put("root_password", c.rootPassword());
      return Reply.created(o);
    }
    long id = id(p[1]);
    if (p.length == 2) {
      switch (m) {
        case "GET":
          return Reply.ok(Reply.wrap("server", server(store.server(id))));
        case "PUT":
          return Reply.ok(Reply.wrap("server", server(store.update(id, Json.parse(raw)))));
        case "DELETE":
          return Reply.ok(Reply.wrap("action", store.delete(id).json()));
        default:
          throw notAllowed();
      }
    }
    if (!p[2].equals("actions") || p.length > 4) {
      throw ApiError.notFound("resource");
    }
    if (p.length == 3) {
      allow(m, "GET");
      return Reply.ok(Page.of("actions", store.actionsOf(id), q, pageCap, Action::json));
    }
    if (p[3].matches("\\d+")) {
      allow(m, "GET");
      store.server(id);
      Action a = store.action(id(p[3]), true);
      if (a.serverId != id) {
        throw ApiError.notFound("action");
      }
      return Reply.ok(Reply.wrap("action", a.json()));
    }
    allow(m, "POST");
    return Reply.created(Reply.wrap("action", store.serverAction(id, p[3], Json.parse(raw)).json()));
  }

  private Reply actions(String m, String[] p, Query q) {
    allow(m, "GET");
    if (p.length == 2) {
      return Reply.ok(Reply.wrap("action", store.action(id(p[1]), true).json()));
    }
    if (p.length > 2) {
      throw ApiError.notFound("resource");
    }
    List<String> ids = q.all("id");
    if (ids.isEmpty()) {
      throw ApiError.invalidInput("id", "is required");
    }
    List<Action> found = new ArrayList<>();
    for (String i : ids) {
      try {
        found.add(store.action(id(i), true));
      } catch (ApiError e) {
        // an unknown id is simply missing from the answer, as at Hetzner
      }
    }
    return Reply.ok(Page.of("actions", found, q, pageCap, Action::json));
  }

  private Reply sshKeys(String m, String[] p, Query q, byte[] raw) {
    KeyStore keys = store.keys;
    if (p.length == 1) {
      if (m.equals("GET")) {
        List<KeyStore.Key> list = keys.list(q.first("name"), q.first("fingerprint"),
            LabelSelector.parse(q.first("label_selector")));
        return Reply.ok(Page.of("ssh_keys", list, q, pageCap, KeyStore.Key::json));
      }
      allow(m, "POST");
      JsonNode b = Json.parse(raw);
      if (!b.hasNonNull("public_key")) {
        throw ApiError.invalidInput("public_key", "is required");
      }
      KeyStore.Key k = keys.create(b.path("name").asText(null), b.get("public_key").asText(),
          Store.labels(b.get("labels")));
      return Reply.created(Reply.wrap("ssh_key", k.json()));
    }
    if (p.length > 2) {
      throw ApiError.notFound("resource");
    }
    long id = id(p[1]);
    switch (m) {
      case "GET":
        return Reply.ok(Reply.wrap("ssh_key", keys.get(id).json()));
      case "PUT":
        return Reply.ok(Reply.wrap("ssh_key", keys.update(id, Json.parse(raw)).json()));
      case "DELETE":
        keys.delete(id);
        return Reply.noContent();
      default:
        throw notAllowed();
    }
  }

  private Reply catalogue(String m, String[] p, Query q) {
    allow(m, "GET");
    Catalogue c = store.catalogue;
    String name = q.first("name");
    switch (p[0]) {
      case "locations":
        return listOrOne(p, q, "locations", "location", c.locations.stream()
            .filter(l -> name == null || l.name().equals(name)).toList(), Catalogue.Loc::id, Catalogue::json);
      case "server_types":
        return listOrOne(p, q, "server_types", "server_type", c.types.stream()
            .filter(t -> name == null || t.name().equals(name)).toList(), Catalogue.Type::id,
            t -> c.json(t, store::available));
      default:
        List<String> types = q.all("type");
        String arch = q.first("architecture");
        return listOrOne(p, q, "images", "image", c.images.stream()
            .filter(i -> name == null || i.name().equals(name))
            .filter(i -> arch == null || i.architecture().equals(arch))
            .filter(i -> types.isEmpty() || types.contains("system")).toList(), Catalogue.Img::id,
            Catalogue::json);
    }
  }

  /** GET /{collection} as a page, or GET /{collection}/{id} as {@code {"<item>": {...}}}. */
  private <T> Reply listOrOne(String[] p, Query q, String listKey, String itemKey, List<T> all,
      ToLongFunction<T> idOf, Function<T, JsonNode> render) {
    if (p.length == 1) {
      return Reply.ok(Page.of(listKey, all, q, pageCap, render));
    }
    if (p.length > 2) {
      throw ApiError.notFound("resource");
    }
    long id = id(p[1]);
    return all.stream().filter(t -> idOf.applyAsLong(t) == id).findFirst()
        .map(t -> Reply.ok(Reply.wrap(itemKey, render.apply(t))))
        .orElseThrow(() -> ApiError.notFound(itemKey));
  }

  private ObjectNode server(FakeServer s) {
    return s.json(store.catalogue, store::available);
  }

  private static long id(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiError.invalidInput("id", "must be an integer");
    }
  }

  private static void allow(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw notAllowed();
    }
  }

  private static ApiError notAllowed() {
    return new ApiError(405, "method_not_allowed", "method not allowed", null);
  }
}
