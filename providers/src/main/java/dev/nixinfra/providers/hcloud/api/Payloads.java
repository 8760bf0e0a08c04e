package dev.nixinfra.providers.hcloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns API JSON into the value records. Works on the tree rather than bound classes so that the API's drift is
 * harmless: unknown fields are ignored, any field may be missing or {@code null} ({@code image},
 * {@code public_net.ipv4}, the {@code datacenter} removed on 2026-07-01), and timestamps are never parsed
 * (their format varies, and nixinfra does not use them).
 */
final class Payloads {
  /**
   * Server types and images carry {@code architecture} since arm servers arrived (2023); everything older was
   * x86, so a missing architecture means x86.
   */
  static final String OLD_DEFAULT_ARCHITECTURE = "x86";

  private Payloads() {}

  /**
   * A server. Its location is {@code location.name}, or on older payloads {@code datacenter.location.name},
   * or empty when neither is there; its architecture is the server type's.
   */
  static Server server(JsonNode s) {
    JsonNode type = s.path("server_type");
    String location = text(s.path("location"), "name");
    if (location.isEmpty()) {
      location = text(s.path("datacenter").path("location"), "name");
    }
    String architecture = text(type, "architecture");
    if (architecture.isEmpty()) {
      architecture = text(s.path("image"), "architecture");
    }
    JsonNode net = s.path("public_net");
    return new Server(s.path("id").asLong(), text(s, "name"), text(s, "status"), text(type, "name"),
        architecture.isEmpty() ? OLD_DEFAULT_ARCHITECTURE : architecture, location,
        optionalText(s.path("image"), "name"), optionalText(net.path("ipv4"), "ip"),
        optionalText(net.path("ipv6"), "ip"), labels(s.path("labels")),
        s.path("protection").path("delete").asBoolean(false), s.path("protection").path("rebuild").asBoolean(false));
  }

  static SshKey sshKey(JsonNode k) {
    return new SshKey(k.path("id").asLong(), text(k, "name"), text(k, "fingerprint"), text(k, "public_key"),
        labels(k.path("labels")));
  }

  /**
   * A server type. {@code deprecated} is the boolean, or else whether a {@code deprecation} object is there. A
   * location without {@code available} (payloads before 2026-04-01) counts as available: the API listed it.
   */
  static ServerType serverType(JsonNode t) {
    List<ServerType.Availability> locations = new ArrayList<>();
    for (JsonNode l : t.path("locations")) {
      locations.add(new ServerType.Availability(text(l, "name"), l.path("available").asBoolean(true),
          present(l.path("deprecation"))));
    }
    boolean deprecated = t.path("deprecated").isBoolean() ? t.path("deprecated").asBoolean()
        : present(t.path("deprecation"));
    String architecture = text(t, "architecture");
    return new ServerType(t.path("id").asLong(), text(t, "name"),
        architecture.isEmpty() ? OLD_DEFAULT_ARCHITECTURE : architecture, deprecated, locations);
  }

  static Location location(JsonNode l) {
    return new Location(l.path("id").asLong(), text(l, "name"), text(l, "description"), text(l, "network_zone"));
  }

  /** An image; {@code deprecated} is a timestamp in the API, so any value there means deprecated. */
  static Image image(JsonNode i) {
    String architecture = text(i, "architecture");
    return new Image(i.path("id").asLong(), text(i, "name"),
        architecture.isEmpty() ? OLD_DEFAULT_ARCHITECTURE : architecture, present(i.path("deprecated")));
  }

  static Map<String, String> labels(JsonNode labels) {
    Map<String, String> out = new LinkedHashMap<>();
    labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    return out;
  }

  /** The text of a field; empty when it is missing or null. */
  static String text(JsonNode parent, String field) {
    JsonNode n = parent.path(field);
    return n.isMissingNode() || n.isNull() ? "" : n.asText();
  }

  static Optional<String> optionalText(JsonNode parent, String field) {
    String t = text(parent, field);
    return t.isEmpty() ? Optional.empty() : Optional.of(t);
  }

  private static boolean present(JsonNode n) {
    return !n.isMissingNode() && !n.isNull() && !(n.isBoolean() && !n.asBoolean());
  }
}
