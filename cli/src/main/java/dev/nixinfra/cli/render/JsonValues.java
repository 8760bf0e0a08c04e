package dev.nixinfra.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nixinfra.core.model.Attributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Attribute values as JSON: strings, numbers, booleans, arrays and objects as themselves; values not known until
 * apply ({@code Unknown}, {@code Ref}) as {@code null}, with {@link #unknown} saying which attributes hold them.
 */
final class JsonValues {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsonValues() {}

  /** The attributes as an object, or JSON {@code null} when absent. */
  static JsonNode attributes(Optional<Attributes> attributes) {
    if (attributes.isEmpty()) {
      return F.nullNode();
    }
    ObjectNode o = F.objectNode();
    attributes.get().values().forEach((k, v) -> o.set(k, value(v)));
    return o;
  }

  /**
   * {@code {name: true}} for every top-level attribute that holds, at any depth, a value not known until apply.
   * Empty object when none do or the attributes are absent.
   */
  static ObjectNode unknown(Optional<Attributes> attributes) {
    ObjectNode o = F.objectNode();
    attributes.ifPresent(a -> a.values().forEach((k, v) -> {
      if (Attributes.isPending(v)) {
        o.put(k, true);
      }
    }));
    return o;
  }

  static JsonNode value(Object v) {
    if (v instanceof String s) {
      return F.textNode(s);
    }
    if (v instanceof Long l) {
      return F.numberNode(l);
    }
    if (v instanceof Double d) {
      return F.numberNode(d);
    }
    if (v instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (v instanceof List<?> list) {
      ArrayNode a = F.arrayNode();
      list.forEach(x -> a.add(value(x)));
      return a;
    }
    if (v instanceof Map<?, ?> map) {
      ObjectNode o = F.objectNode();
      map.forEach((k, x) -> o.set((String) k, value(x)));
      return o;
    }
    return F.nullNode(); // Unknown or Ref: known after apply
  }
}
