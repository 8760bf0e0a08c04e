package dev.nixinfra.state.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.StateException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The state file format:
 * <pre>
 * {"version":1,"lineage":"…","serial":N,"resources":[{"address":"type.name","id":"…","tainted":false,
 *   "dependencies":["…"],"attributes":{…}}]}
 * </pre>
 * Resources are sorted by address and the text is pretty-printed with a trailing newline, so equal states give
 * equal bytes and diffs of the file are readable. Reading is strict: every problem is reported with its line and
 * column, never as a parser stack trace.
 */
public final class StateJson {
  /** The only format version this build reads and writes. */
  public static final int VERSION = 1;

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Set<String> TOP_KEYS = Set.of("version", "lineage", "serial", "resources");
  private static final Set<String> RESOURCE_KEYS =
      Set.of("address", "id", "tainted", "dependencies", "attributes");

  private StateJson() {
  }

  /**
   * The file text of {@code state}.
   *
   * @throws IllegalArgumentException when an attribute value cannot be written (see {@link AttributesJson})
   */
  public static String write(State state) {
    return JsonText.print(toJson(state));
  }

  /**
   * Reads a state file's text, wrapping any problem in a message that names the file and says what to do:
   * {@code state file .nixinfra/state.json is not valid: line 12, column 5: "serial" must be a whole number.
   * Restore a previous version from .nixinfra/history/ or fix the file by hand}.
   */
  public static State read(String text, Path file) throws StateException {
    try {
      return parse(text);
    } catch (InvalidJsonException e) {
      Path history = file.resolveSibling("history");
      throw new StateException("state file " + file + " is not valid: " + e.getMessage()
          + ". Restore a previous version from " + history + "/ or fix the file by hand");
    }
  }

  /** Reads a state file's text; the exception's message is located but names no file. */
  public static State parse(String text) throws InvalidJsonException {
    return fromJson(JsonText.parse(text));
  }

  static ObjectNode toJson(State state) {
    ObjectNode root = JsonText.NODES.objectNode();
    root.put("version", VERSION);
    root.put("lineage", state.lineage());
    root.put("serial", state.serial());
    ArrayNode resources = root.putArray("resources");
    for (ResourceState r : state.resources().values()) {
      ObjectNode o = resources.addObject();
      o.put("address", r.address().toString());
      o.put("id", r.id());
      o.put("tainted", r.tainted());
      ArrayNode deps = o.putArray("dependencies");
      r.dependencies().forEach(d -> deps.add(d.toString()));
      try {
        o.set("attributes", AttributesJson.write(r.attributes()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(r.address() + ": " + e.getMessage(), e);
      }
    }
    return root;
  }

  static State fromJson(JsonValue root) throws InvalidJsonException {
    JsonValue version = root.field("version");
    if (version.wholeNumber() != VERSION) {
      throw version.error("state format version " + version.node().asText() + " is not supported; this nixinfra "
          + "reads version " + VERSION + ". Use the nixinfra release that wrote the file");
    }
    root.onlyFields(TOP_KEYS);
    JsonValue lineageJson = root.field("lineage");
    String lineage = lineageJson.string();
    if (!UUID_TEXT.matcher(lineage).matches()) {
      throw lineageJson.mustBe("a lowercase UUID such as 0b9c7c1e-4a4e-4a5e-9a57-6f1d2b3c4d5e");
    }
    JsonValue serialJson = root.field("serial");
    long serial = serialJson.wholeNumber();
    if (serial < 0) {
      throw serialJson.mustBe("zero or more");
    }
    TreeMap<Address, ResourceState> resources = new TreeMap<>();
    for (JsonValue r : root.field("resources").elements()) {
      ResourceState resource = resource(r);
      if (resources.put(resource.address(), resource) != null) {
        throw r.field("address").error("resource " + resource.address() + " is listed twice");
      }
    }
    return new State(lineage, serial, resources);
  }

  private static ResourceState resource(JsonValue r) throws InvalidJsonException {
    r.onlyFields(RESOURCE_KEYS);
    Address address = address(r.field("address"));
    String id = r.field("id").text();
    boolean tainted = r.field("tainted").bool();
    TreeSet<Address> dependencies = new TreeSet<>();
    for (JsonValue d : r.field("dependencies").elements()) {
      dependencies.add(address(d));
    }
    JsonValue attributesJson = r.field("attributes");
    try {
      return new ResourceState(address, id, AttributesJson.read(attributesJson, false), tainted, dependencies);
    } catch (IllegalArgumentException e) {
      throw r.error(e.getMessage());
    }
  }

  static Address address(JsonValue json) throws InvalidJsonException {
    String text = json.string();
    try {
      return Address.parse(text);
    } catch (IllegalArgumentException e) {
      throw json.error(json.name() + ": " + e.getMessage());
    }
  }
}
