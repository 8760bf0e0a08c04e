package dev.nixinfra.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.plan.Drift;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.Summary;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A plan as one JSON document on one line (followed by a newline), for {@code plan --json} and {@code show --json}:
 *
 * <pre>
 * {"format_version":"1","stack":…,"mode":"normal|destroy",
 *  "resource_changes":[{"address","type","name","action":"create|update|replace|delete|no-op",
 *     "reason":"cannot_update|tainted|requested|not_in_config|destroy|unmanaged"|null,
 *     "replace_paths":[["attr"],…],"before":{…}|null,"after":{…}|null,"after_unknown":{"attr":true,…}}],
 *  "resource_drift":[{"address","type","name","action":"update|delete","before":{…},"after":{…}|null}],
 *  "summary":{"add":N,"change":N,"destroy":N},
 *  "diagnostics":[…]}
 * </pre>
 *
 * Every change is listed, no-ops included, in address order. Values not known until apply are {@code null} in
 * {@code after} and {@code true} in {@code after_unknown} under their top-level attribute. {@code replace_paths}
 * lists the attributes that force a replacement, as paths in Terraform's form. Diagnostics are as in
 * {@link DiagnosticJson}.
 */
public final class JsonPlanRenderer {
  public static final String FORMAT_VERSION = "1";

  private final PrintWriter out;

  public JsonPlanRenderer(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  public void render(Plan plan) {
    try {
      out.println(DiagnosticJson.MAPPER.writeValueAsString(toJson(plan)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }

  /** The document {@link #render} writes. */
  public static ObjectNode toJson(Plan plan) {
    ObjectNode root = DiagnosticJson.MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("stack", plan.stack());
    root.put("mode", plan.mode().name().toLowerCase(Locale.ROOT));
    ArrayNode changes = root.putArray("resource_changes");
    plan.changes().forEach(c -> changes.add(change(c)));
    ArrayNode drift = root.putArray("resource_drift");
    plan.drift().forEach(d -> drift.add(drift(d)));
    ArrayNode adopted = root.putArray("resource_adopted");
    plan.adopted().forEach(a -> adopted.add(a.toString()));
    Summary s = plan.summary();
    ObjectNode summary = root.putObject("summary");
    summary.put("add", s.add());
    summary.put("change", s.change());
    summary.put("destroy", s.destroy());
    root.set("diagnostics", DiagnosticJson.array(plan.diagnostics()));
    return root;
  }

  private static ObjectNode change(Change c) {
    ObjectNode n = resource(c.address());
    n.put("action", c.action().jsonName());
    Optional<String> reason = c instanceof Change.Replace r ? Optional.of(r.reason().name())
        : c instanceof Change.Delete d ? Optional.of(d.reason().name()) : Optional.empty();
    if (reason.isPresent()) {
      n.put("reason", reason.get().toLowerCase(Locale.ROOT));
    } else {
      n.putNull("reason");
    }
    ArrayNode paths = n.putArray("replace_paths");
    if (c instanceof Change.Replace r) {
      r.because().forEach(attr -> paths.addArray().add(attr));
    }
    n.set("before", JsonValues.attributes(c.before()));
    n.set("after", JsonValues.attributes(c.after()));
    n.set("after_unknown", JsonValues.unknown(c.after()));
    return n;
  }

  private static ObjectNode drift(Drift d) {
    ObjectNode n = resource(d.address());
    n.put("action", d.now().isPresent() ? "update" : "delete");
    n.set("before", JsonValues.attributes(Optional.of(d.recorded())));
    n.set("after", JsonValues.attributes(d.now()));
    return n;
  }

  private static ObjectNode resource(Address a) {
    ObjectNode n = DiagnosticJson.MAPPER.createObjectNode();
    n.put("address", a.toString());
    n.put("type", a.type());
    n.put("name", a.name());
    return n;
  }
}
