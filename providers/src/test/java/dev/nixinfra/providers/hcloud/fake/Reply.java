package dev.nixinfra.providers.hcloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An HTTP answer: status and JSON body; a null body means none (204). */
record Reply(int status, JsonNode body) {
  static Reply ok(JsonNode body) {
    return new Reply(200, body);
  }

  static Reply created(JsonNode body) {
    return new Reply(201, body);
  }

  static Reply noContent() {
    return new Reply(204, null);
  }

  /** {@code {"<key>": value}}. */
  static ObjectNode wrap(String key, JsonNode value) {
    ObjectNode o = Json.object();
    o.set(key, value);
    return o;
  }
}
