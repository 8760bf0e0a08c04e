package dev.nixinfra.state.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One value in a parsed document with typed, checking accessors. Every accessor that finds the wrong shape throws
 * an {@link InvalidJsonException} located at the value and naming it by its path, such as
 * {@code "resources[2].serial" must be a whole number}.
 *
 * @param label the path for messages: {@code serial}, {@code resources[2].id}; empty for the whole document
 */
record JsonValue(JsonText doc, JsonNode node, JsonPointer pointer, String label) {
  JsonValue {
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(label, "label");
  }

  /** An error about this value. */
  InvalidJsonException error(String problem) {
    return doc.at(pointer, problem);
  }

  /** An error saying what this value must be: {@code "serial" must be a whole number}. */
  InvalidJsonException mustBe(String what) {
    return error(name() + " must be " + what);
  }

  /** How messages name this value. */
  String name() {
    return label.isEmpty() ? "the file" : "\"" + label + "\"";
  }

  boolean isNull() {
    return node.isNull();
  }

  /** The required member {@code key} of this object. */
  JsonValue field(String key) throws InvalidJsonException {
    JsonNode child = object().get(key);
    if (child == null) {
      throw error((label.isEmpty() ? "" : name() + ": ") + "\"" + key + "\" is missing");
    }
    return member(key, child);
  }

  /** The member {@code key}, empty when absent or JSON null. */
  Optional<JsonValue> optionalField(String key) throws InvalidJsonException {
    JsonNode child = object().get(key);
    return child == null || child.isNull() ? Optional.empty() : Optional.of(member(key, child));
  }

  /** Refuses members other than {@code allowed}, so a misspelt key in a hand-edited file is caught. */
  void onlyFields(Set<String> allowed) throws InvalidJsonException {
    for (Iterator<String> it = object().fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw doc.at(pointer.appendProperty(key), true, (label.isEmpty() ? "" : name() + ": ") + "unknown key \"" + key + "\"");
      }
    }
  }

  /** The members of this object, in file order. */
  Map<String, JsonValue> entries() throws InvalidJsonException {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : object().properties()) {
      out.put(e.getKey(), member(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** The elements of this array. */
  List<JsonValue> elements() throws InvalidJsonException {
    if (!node.isArray()) {
      throw mustBe("a list");
    }
    List<JsonValue> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(new JsonValue(doc, node.get(i), pointer.appendIndex(i), label + "[" + i + "]"));
    }
    return out;
  }

  String string() throws InvalidJsonException {
    if (!node.isTextual()) {
      throw mustBe("a string");
    }
    return node.textValue();
  }

  /** A string that is not empty. */
  String text() throws InvalidJsonException {
    String s = string();
    if (s.isEmpty()) {
      throw mustBe("a non-empty string");
    }
    return s;
  }

  long wholeNumber() throws InvalidJsonException {
    if (!node.isIntegralNumber()) {
      throw mustBe("a whole number");
    }
    if (!node.canConvertToLong()) {
      throw mustBe("a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
    }
    return node.longValue();
  }

  boolean bool() throws InvalidJsonException {
    if (!node.isBoolean()) {
      throw mustBe("true or false");
    }
    return node.booleanValue();
  }

  private JsonNode object() throws InvalidJsonException {
    if (!node.isObject()) {
      throw mustBe("an object");
    }
    return node;
  }

  private JsonValue member(String key, JsonNode child) {
    return new JsonValue(doc, child, pointer.appendProperty(key), label.isEmpty() ? key : label + "." + key);
  }
}
