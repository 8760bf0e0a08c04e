package dev.nixinfra.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Action;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Shows state: for people, each resource as a block with every attribute; as JSON, one document
 * {@code {"format_version":"1","lineage":…,"serial":…,"resources":[{"address","type","name","id","tainted",
 * "dependencies","values"}]}}.
 */
public final class StateRenderer {
  private final PrintWriter out;
  private final Style style;

  public StateRenderer(PrintWriter out, Style style) {
    this.out = Objects.requireNonNull(out, "out");
    this.style = Objects.requireNonNull(style, "style");
  }

  public void render(State state) {
    boolean first = true;
    for (ResourceState r : state.resources().values()) {
      if (!first) {
        out.println();
      }
      render(r);
      first = false;
    }
    out.flush();
  }

  public void render(ResourceState r) {
    out.println("# " + r.address() + ":" + (r.tainted() ? " (tainted)" : ""));
    ResourceBlock block = new ResourceBlock(style, Action.NO_OP, r.address());
    block.unchanged("id", r.id(), "");
    r.attributes().values().forEach((name, value) -> block.unchanged(name, value, ""));
    block.write(out);
    out.flush();
  }

  /** @param state empty when nothing was ever applied: an empty resource list */
  public void renderJson(Optional<State> state) {
    ObjectNode root = DiagnosticJson.MAPPER.createObjectNode();
    root.put("format_version", "1");
    state.ifPresent(s -> {
      root.put("lineage", s.lineage());
      root.put("serial", s.serial());
    });
    ArrayNode resources = root.putArray("resources");
    state.ifPresent(s -> s.resources().values().forEach(r -> {
      ObjectNode o = resources.addObject();
      o.put("address", r.address().toString());
      o.put("type", r.address().type());
      o.put("name", r.address().name());
      o.put("id", r.id());
      o.put("tainted", r.tainted());
      ArrayNode deps = o.putArray("dependencies");
      r.dependencies().forEach(d -> deps.add(d.toString()));
      o.set("values", JsonValues.attributes(Optional.of(r.attributes())));
    }));
    try {
      out.println(DiagnosticJson.MAPPER.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }
}
