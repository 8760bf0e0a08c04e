package dev.nixinfra.providers.hcloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The one Jackson mapper of the fake and small builders for the API's JSON: timestamps, label maps, errors. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Parses a request body; an empty body is {@code {}}, malformed JSON is a 400 {@code json_error}. */
  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return object();
    }
    try {
      JsonNode n = MAPPER.readTree(body);
      return n == null || n.isMissingNode() ? object() : n;
    } catch (IOException e) {
      throw new ApiError(400, "json_error", "malformed JSON in request body", null);
    }
  }

  static byte[] bytes(JsonNode n) {
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 3339 in UTC with seconds, like {@code 2016-01-30T23:55:00+00:00}. */
  static String time(Instant t) {
    return TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  static ObjectNode labels(Map<String, String> labels) {
    ObjectNode o = object();
    labels.forEach(o::put);
    return o;
  }

  /** {@code {"error":{"code","message","details"}}}; details may be null. */
  static ObjectNode error(String code, String message, JsonNode details) {
    ObjectNode e = object();
    e.put("code", code);
    e.put("message", message);
    e.set("details", details);
    ObjectNode root = object();
    root.set("error", e);
    return root;
  }
}
