package dev.nixinfra.state.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.diag.Severity;
import dev.nixinfra.core.diag.SourceLocation;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.plan.Action;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.plan.DeleteReason;
import dev.nixinfra.core.plan.Drift;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanMode;
import dev.nixinfra.core.plan.ReplaceReason;
import dev.nixinfra.core.state.StateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The saved plan file, written by {@code plan --out FILE} and read by {@code apply FILE}:
 * <pre>
 * {"format":"nixinfra-plan","version":1,"stack":…,"mode":"normal|destroy","prior":&lt;state file object&gt;,
 *  "changes":[{"address","action":"create|update|replace|delete|no-op","before":{…}|null,"after":{…}|null,
 *              "depends_on":[…],"reason":…|null,"because":[…],"warnings":[…]}],
 *  "drift":[{"address","recorded":{…},"now":{…}|null}],"adopted":[…],"targets":[…],
 *  "diagnostics":[{"severity","summary","detail","location":"file:line:col"|null,"subject":…|null}]}
 * </pre>
 * Every change has every key, so tools reading the file see one shape. Values known only during apply are written
 * as described in {@link AttributesJson} and come back as the same values. Reading checks that each change's keys
 * fit its action, so a hand-edited plan cannot smuggle in what the planner would never make.
 */
public final class PlanJson {
  public static final String FORMAT = "nixinfra-plan";
  public static final int VERSION = 1;

  private static final Set<String> TOP_KEYS =
      Set.of("format", "version", "stack", "mode", "prior", "changes", "drift", "adopted", "targets",
          "diagnostics");
  private static final Set<String> CHANGE_KEYS =
      Set.of("address", "action", "before", "after", "depends_on", "reason", "because", "warnings");
  private static final Set<String> DRIFT_KEYS = Set.of("address", "recorded", "now");
  private static final Set<String> DIAGNOSTIC_KEYS = Set.of("severity", "summary", "detail", "location", "subject");

  private PlanJson() {
  }

  /**
   * The file text of {@code plan}.
   *
   * @throws IllegalArgumentException naming the resource and attribute, when a value cannot be written
   */
  public static String write(Plan plan) {
    ObjectNode root = JsonText.NODES.objectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("stack", plan.stack());
    root.put("mode", lower(plan.mode()));
    root.set("prior", StateJson.toJson(plan.prior()));
    ArrayNode changes = root.putArray("changes");
    plan.changes().forEach(c -> changes.add(change(c)));
    ArrayNode drift = root.putArray("drift");
    for (Drift d : plan.drift()) {
      ObjectNode o = drift.addObject();
      o.put("address", d.address().toString());
      o.set("recorded", attributes(d.address(), d.recorded()));
      o.set("now", d.now().map(a -> (JsonNode) attributes(d.address(), a)).orElse(JsonText.NODES.nullNode()));
    }
    root.set("adopted", addresses(plan.adopted()));
    root.set("targets", addresses(plan.targets()));
    ArrayNode diagnostics = root.putArray("diagnostics");
    for (Diagnostic d : plan.diagnostics()) {
      ObjectNode o = diagnostics.addObject();
      o.put("severity", lower(d.severity()));
      o.put("summary", d.summary());
      o.put("detail", d.detail());
      o.put("location", d.location().map(SourceLocation::toString).orElse(null));
      o.put("subject", d.subject().orElse(null));
    }
    return JsonText.print(root);
  }

  /**
   * Reads a plan file's text, wrapping any problem in a message that names the file:
   * {@code plan file tonight.plan is not valid: line 3, column 12: … Make the plan again with plan --out}.
   */
  public static Plan read(String text, Path file) throws StateException {
    try {
      return parse(text);
    } catch (InvalidJsonException e) {
      throw new StateException("plan file " + file + " is not valid: " + e.getMessage()
          + ". Make the plan again with nixinfra plan --out " + file);
    }
  }

  /** Reads a plan file's text; the exception's message is located but names no file. */
  public static Plan parse(String text) throws InvalidJsonException {
    JsonValue root = JsonText.parse(text);
    JsonValue format = root.field("format");
    if (!FORMAT.equals(format.string())) {
      throw format.mustBe("\"" + FORMAT + "\"; this is not a saved nixinfra plan");
    }
    JsonValue version = root.field("version");
    if (version.wholeNumber() != VERSION) {
      throw version.error("plan format version " + version.node().asText() + " is not supported; this nixinfra "
          + "reads version " + VERSION + ". Make the plan again with this release");
    }
    root.onlyFields(TOP_KEYS);
    String stack = root.field("stack").string();
    PlanMode mode = choice(root.field("mode"), PlanMode.values());
    var prior = StateJson.fromJson(root.field("prior"));
    List<Change> changes = new ArrayList<>();
    for (JsonValue c : root.field("changes").elements()) {
      changes.add(change(c));
    }
    List<Drift> drift = new ArrayList<>();
    for (JsonValue d : root.field("drift").elements()) {
      d.onlyFields(DRIFT_KEYS);
      drift.add(new Drift(StateJson.address(d.field("address")), AttributesJson.read(d.field("recorded"), true),
          optionalAttributes(d, "now")));
    }
    TreeSet<Address> adopted = addresses(root.field("adopted"));
    TreeSet<Address> targets = addresses(root.field("targets"));
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (JsonValue d : root.field("diagnostics").elements()) {
      diagnostics.add(diagnostic(d));
    }
    try {
      return new Plan(stack, mode, prior, changes, drift, adopted, targets, diagnostics);
    } catch (IllegalArgumentException e) {
      throw root.error("the plan does not hold together: " + e.getMessage());
    }
  }

  private static ObjectNode change(Change c) {
    ObjectNode o = JsonText.NODES.objectNode();
    o.put("address", c.address().toString());
    o.put("action", c.action().jsonName());
    o.set("before", c.before().map(a -> (JsonNode) attributes(c.address(), a)).orElse(JsonText.NODES.nullNode()));
    o.set("after", c.after().map(a -> (JsonNode) attributes(c.address(), a)).orElse(JsonText.NODES.nullNode()));
    o.set("depends_on", addresses(c.dependsOn()));
    String reason = null;
    Collection<String> because = List.of();
    List<String> warnings = List.of();
    if (c instanceof Change.Replace r) {
      reason = lower(r.reason());
      because = r.because();
    } else if (c instanceof Change.Delete d) {
      reason = lower(d.reason());
    } else if (c instanceof Change.Update u) {
      warnings = u.warnings();
    }
    o.put("reason", reason);
    ArrayNode becauseJson = o.putArray("because");
    because.forEach(becauseJson::add);
    ArrayNode warningsJson = o.putArray("warnings");
    warnings.forEach(warningsJson::add);
    return o;
  }

  private static Change change(JsonValue c) throws InvalidJsonException {
    c.onlyFields(CHANGE_KEYS);
    Address address = StateJson.address(c.field("address"));
    JsonValue actionJson = c.field("action");
    Action action = action(actionJson);
    Optional<Attributes> before = optionalAttributes(c, "before");
    Optional<Attributes> after = optionalAttributes(c, "after");
    TreeSet<Address> dependsOn = addresses(c.field("depends_on"));
    Optional<JsonValue> reasonJson = c.optionalField("reason");
    List<String> because = strings(c.field("because"));
    List<String> warnings = strings(c.field("warnings"));

    // Each action takes only its own keys; anything else is refused rather than silently dropped.
    expect(c, "before", before.isPresent(), action != Action.CREATE);
    expect(c, "after", after.isPresent(), action != Action.DELETE);
    expect(c, "reason", reasonJson.isPresent(), action == Action.REPLACE || action == Action.DELETE);
    if (!because.isEmpty() && action != Action.REPLACE) {
      throw c.field("because").error("\"because\" is only for a replace; this change is a " + action.jsonName());
    }
    if (!warnings.isEmpty() && action != Action.UPDATE) {
      throw c.field("warnings").error("\"warnings\" is only for an update; this change is a " + action.jsonName());
    }
    if (!dependsOn.isEmpty() && action == Action.DELETE) {
      throw c.field("depends_on").error("a delete has no \"depends_on\"");
    }
    try {
      return switch (action) {
        case CREATE -> new Change.Create(address, after.orElseThrow(), dependsOn);
        case UPDATE -> new Change.Update(address, before.orElseThrow(), after.orElseThrow(), dependsOn, warnings);
        case REPLACE -> new Change.Replace(address, before.orElseThrow(), after.orElseThrow(), dependsOn,
            choice(reasonJson.orElseThrow(), ReplaceReason.values()), new TreeSet<>(because));
        case DELETE -> new Change.Delete(address, before.orElseThrow(),
            choice(reasonJson.orElseThrow(), DeleteReason.values()));
        case NO_OP -> {
          if (!before.equals(after)) {
            throw c.field("after").error("a no-op's \"after\" must equal its \"before\"");
          }
          yield new Change.NoOp(address, before.orElseThrow(), dependsOn);
        }
      };
    } catch (IllegalArgumentException e) {
      throw c.error(e.getMessage());
    }
  }

  private static void expect(JsonValue change, String key, boolean present, boolean wanted)
      throws InvalidJsonException {
    String action = change.field("action").string();
    if (present && !wanted) {
      JsonValue unwanted = change.field(key);
      throw unwanted.error(unwanted.name() + ": a " + action + " has no \"" + key + "\"; it must be null");
    }
    if (!present && wanted) {
      throw change.error(change.name() + ": a " + action + " needs \"" + key + "\"");
    }
  }

  private static Action action(JsonValue json) throws InvalidJsonException {
    String text = json.string();
    for (Action a : Action.values()) {
      if (a.jsonName().equals(text)) {
        return a;
      }
    }
    throw json.mustBe("one of create, update, replace, delete, no-op");
  }

  private static Diagnostic diagnostic(JsonValue d) throws InvalidJsonException {
    d.onlyFields(DIAGNOSTIC_KEYS);
    Severity severity = choice(d.field("severity"), Severity.values());
    String summary = d.field("summary").text();
    String detail = d.field("detail").string();
    Optional<SourceLocation> location = Optional.empty();
    Optional<JsonValue> locationJson = d.optionalField("location");
    if (locationJson.isPresent()) {
      location = Optional.of(location(locationJson.get()));
    }
    Optional<String> subject = d.optionalField("subject").isPresent()
        ? Optional.of(d.field("subject").string()) : Optional.empty();
    return new Diagnostic(severity, summary, detail, location, subject);
  }

  private static SourceLocation location(JsonValue json) throws InvalidJsonException {
    String text = json.string();
    int second = text.lastIndexOf(':');
    int first = second <= 0 ? -1 : text.lastIndexOf(':', second - 1);
    try {
      if (first > 0) {
        return new SourceLocation(text.substring(0, first), Integer.parseInt(text.substring(first + 1, second)),
            Integer.parseInt(text.substring(second + 1)));
      }
    } catch (IllegalArgumentException e) {
      // fall through to the message below; NumberFormatException is an IllegalArgumentException
    }
    throw json.mustBe("FILE:LINE:COLUMN, such as nixinfra.yaml:12:5");
  }

  private static Optional<Attributes> optionalAttributes(JsonValue o, String key) throws InvalidJsonException {
    Optional<JsonValue> json = o.optionalField(key);
    return json.isPresent() ? Optional.of(AttributesJson.read(json.get(), true)) : Optional.empty();
  }

  private static ObjectNode attributes(Address address, Attributes a) {
    try {
      return AttributesJson.write(a);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(address + ": " + e.getMessage(), e);
    }
  }

  private static ArrayNode addresses(Collection<Address> addresses) {
    ArrayNode a = JsonText.NODES.arrayNode();
    addresses.forEach(x -> a.add(x.toString()));
    return a;
  }

  private static TreeSet<Address> addresses(JsonValue json) throws InvalidJsonException {
    TreeSet<Address> out = new TreeSet<>();
    for (JsonValue e : json.elements()) {
      out.add(StateJson.address(e));
    }
    return out;
  }

  private static List<String> strings(JsonValue json) throws InvalidJsonException {
    List<String> out = new ArrayList<>();
    for (JsonValue e : json.elements()) {
      out.add(e.string());
    }
    return out;
  }

  /** Enum constants are written lowercase with dashes: CANNOT_UPDATE is cannot-update. */
  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static <E extends Enum<E>> E choice(JsonValue json, E[] values) throws InvalidJsonException {
    String text = json.string();
    List<String> names = new ArrayList<>();
    for (E e : values) {
      if (lower(e).equals(text)) {
        return e;
      }
      names.add(lower(e));
    }
    throw json.mustBe("one of " + String.join(", ", names));
  }
}
