package dev.nixinfra.state.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Ref;
import dev.nixinfra.core.model.Unknown;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attribute values as JSON, shared by the state and plan files.
 *
 * <p>Strings, whole numbers ({@code Long}), doubles, booleans, lists and maps map to their JSON kinds. The two
 * values that exist only in plans are single-key objects: {@link Unknown#VALUE} is {@code {"$unknown":true}} and a
 * {@link Ref} is {@code {"$ref":"hcloud_server.arm1.ipv4"}} (the address is up to the second dot, the attribute the
 * rest). So that no user map can be mistaken for one of them, a map key starting with {@code $} cannot be written.
 */
public final class AttributesJson {
  static final String UNKNOWN = "$unknown";
  static final String REF = "$ref";

  private AttributesJson() {
  }

  /**
   * The JSON object of {@code attributes}, keys sorted.
   *
   * @throws IllegalArgumentException naming the attribute, when a value cannot be written: a map key starting with
   *     {@code $}, or a double that is infinite or not a number
   */
  public static ObjectNode write(Attributes attributes) {
    ObjectNode out = JsonText.NODES.objectNode();
    attributes.values().forEach((name, value) -> out.set(name, writeValue(name, value)));
    return out;
  }

  private static JsonNode writeValue(String path, Object v) {
    if (v instanceof String s) {
      return JsonText.NODES.textNode(s);
    } else if (v instanceof Long l) {
      return JsonText.NODES.numberNode(l);
    } else if (v instanceof Boolean b) {
      return JsonText.NODES.booleanNode(b);
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException("attribute " + path + " is " + d + ", which JSON cannot hold");
      }
      return JsonText.NODES.numberNode(d);
    } else if (v instanceof Unknown) {
      return JsonText.NODES.objectNode().put(UNKNOWN, true);
    } else if (v instanceof Ref r) {
      return JsonText.NODES.objectNode().put(REF, r.toString());
    } else if (v instanceof List<?> list) {
      ArrayNode a = JsonText.NODES.arrayNode(list.size());
      for (int i = 0; i < list.size(); i++) {
        a.add(writeValue(path + "[" + i + "]", list.get(i)));
      }
      return a;
    } else if (v instanceof Map<?, ?> map) {
      ObjectNode o = JsonText.NODES.objectNode();
      for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
        String key = (String) e.getKey();
        if (key.startsWith("$")) {
          throw new IllegalArgumentException("attribute " + path + " has the map key \"" + key
              + "\"; keys starting with $ are reserved in nixinfra's files, rename it");
        }
        o.set(key, writeValue(path + "." + key, e.getValue()));
      }
      return o;
    }
    // Attributes admits no other kind of value, so this is a bug, not bad input.
    throw new IllegalStateException("attribute " + path + ": not an attribute value: " + v.getClass());
  }

  /**
   * Reads an attributes object.
   *
   * @param pendingAllowed whether {@code $unknown} and {@code $ref} may occur (plans: yes, state: no)
   */
  static Attributes read(JsonValue json, boolean pendingAllowed) throws InvalidJsonException {
    Map<String, Object> values = new TreeMap<>();
    for (Map.Entry<String, JsonValue> e : json.entries().entrySet()) {
      values.put(e.getKey(), readValue(e.getValue(), pendingAllowed));
    }
    return new Attributes(values);
  }

  private static Object readValue(JsonValue json, boolean pendingAllowed) throws InvalidJsonException {
    JsonNode n = json.node();
    if (n.isTextual()) {
      return n.textValue();
    } else if (n.isBoolean()) {
      return n.booleanValue();
    } else if (n.isIntegralNumber()) {
      return json.wholeNumber(); // refuses numbers beyond a long with a located message
    } else if (n.isNumber()) {
      return n.doubleValue();
    } else if (n.isArray()) {
      List<Object> out = new ArrayList<>();
      for (JsonValue element : json.elements()) {
        out.add(readValue(element, pendingAllowed));
      }
      return out;
    } else if (n.isObject()) {
      boolean loneDollarKey = n.size() == 1 && n.fieldNames().next().startsWith("$");
      if (loneDollarKey || n.has(UNKNOWN) || n.has(REF)) {
        return readSpecial(json, pendingAllowed);
      }
      Map<String, Object> out = new TreeMap<>();
      for (Map.Entry<String, JsonValue> e : json.entries().entrySet()) {
        if (e.getKey().startsWith("$")) {
          throw e.getValue().error("the map key \"" + e.getKey() + "\" is reserved; keys starting with $ are "
              + "only used alone, as {\"$unknown\":true} or {\"$ref\":\"type.name.attribute\"}");
        }
        out.put(e.getKey(), readValue(e.getValue(), pendingAllowed));
      }
      return out;
    }
    throw json.error(json.name() + " is null; leave an attribute out instead of setting it to null");
  }

  private static Object readSpecial(JsonValue json, boolean pendingAllowed) throws InvalidJsonException {
    JsonNode n = json.node();
    if (n.size() != 1 || !(n.has(UNKNOWN) || n.has(REF))) {
      throw json.mustBe("either {\"$unknown\":true} or {\"$ref\":\"type.name.attribute\"}, alone");
    }
    if (!pendingAllowed) {
      throw json.error(json.name() + " is a value not known yet; state only records applied values");
    }
    if (n.has(UNKNOWN)) {
      if (!json.field(UNKNOWN).bool()) {
        throw json.field(UNKNOWN).mustBe("true");
      }
      return Unknown.VALUE;
    }
    JsonValue ref = json.field(REF);
    String text = ref.string();
    int first = text.indexOf('.');
    int second = first < 0 ? -1 : text.indexOf('.', first + 1);
    if (second < 0 || second == text.length() - 1) {
      throw ref.mustBe("a reference TYPE.NAME.ATTRIBUTE, such as hcloud_server.arm1.ipv4");
    }
    try {
      return new Ref(Address.parse(text.substring(0, second)), text.substring(second + 1));
    } catch (IllegalArgumentException e) {
      throw ref.error(ref.name() + ": " + e.getMessage());
    }
  }
}
