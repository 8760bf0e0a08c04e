package dev.nixinfra.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nixinfra.core.plan.Plan;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JsonPlanRendererTest {
  static JsonNode render(Plan plan) throws Exception {
    StringWriter s = new StringWriter();
    new JsonPlanRenderer(new PrintWriter(s)).render(plan);
    String text = s.toString();
    assertTrue(text.endsWith("}\n") && text.indexOf('\n') == text.length() - 1, "one line: " + text);
    return new ObjectMapper().readTree(text);
  }

  static JsonNode change(JsonNode root, String address) {
    for (JsonNode c : root.get("resource_changes")) {
      if (c.get("address").asText().equals(address)) {
        return c;
      }
    }
    throw new AssertionError("no change for " + address + " in " + root);
  }

  @Test
  void createsCarryUnknownsAsNullAndMarkThemInAfterUnknown() throws Exception {
    JsonNode root = render(Plans.createFleet());
    assertEquals("1", root.get("format_version").asText());
    assertEquals("prod", root.get("stack").asText());
    assertEquals("normal", root.get("mode").asText());
    JsonNode server = change(root, "hcloud_server.arm1");
    assertEquals("hcloud_server", server.get("type").asText());
    assertEquals("arm1", server.get("name").asText());
    assertEquals("create", server.get("action").asText());
    assertTrue(server.get("reason").isNull());
    assertTrue(server.get("before").isNull());
    assertEquals("cax21", server.get("after").get("server_type").asText());
    assertTrue(server.get("after").get("id").isNull());
    assertTrue(server.get("after_unknown").get("id").asBoolean());
    // a reference nested in a list marks the top-level attribute; the element itself is null
    assertTrue(server.get("after_unknown").get("ssh_keys").asBoolean());
    assertTrue(server.get("after").get("ssh_keys").get(0).isNull());
    assertEquals("prod", server.get("after").get("labels").get("nixinfra/stack").asText());
    assertTrue(server.get("after_unknown").path("server_type").isMissingNode());
    JsonNode client = change(root, "client.laptop");
    assertTrue(client.get("after_unknown").get("machines").asBoolean());
    assertTrue(client.get("after").get("machines").get(0).get("host").isNull());
    assertEquals(4, client.get("after").get("machines").get(0).get("max_jobs").asLong());
    assertTrue(client.get("after").get("builders_use_substitutes").asBoolean());
    assertEquals(5, root.get("summary").get("add").asInt());
    assertEquals(0, root.get("summary").get("change").asInt());
    assertEquals(0, root.get("summary").get("destroy").asInt());
    assertEquals(0, root.get("resource_drift").size());
    assertEquals(0, root.get("diagnostics").size());
  }

  @Test
  void replaceHasReasonAndReplacePaths() throws Exception {
    JsonNode c = change(render(Plans.replaceForced()), "hcloud_server.arm1");
    assertEquals("replace", c.get("action").asText());
    assertEquals("cannot_update", c.get("reason").asText());
    assertEquals("[[\"image\"],[\"location\"]]", c.get("replace_paths").toString());
    assertEquals("ubuntu-22.04", c.get("before").get("image").asText());
    assertEquals("ubuntu-24.04", c.get("after").get("image").asText());
    assertEquals("tainted", change(render(Plans.replaceTainted()), "nixos_infect.arm1").get("reason").asText());
    assertEquals("requested",
        change(render(Plans.replaceRequested()), "hcloud_server.arm1").get("reason").asText());
  }

  @Test
  void deletesAndNoOpsAreListed() throws Exception {
    JsonNode root = render(Plans.deleteNotInConfig());
    JsonNode delete = change(root, "builder.arm1");
    assertEquals("delete", delete.get("action").asText());
    assertEquals("not_in_config", delete.get("reason").asText());
    assertTrue(delete.get("after").isNull());
    assertEquals(0, delete.get("after_unknown").size());
    assertEquals(22, delete.get("before").get("port").asInt());
    JsonNode noop = change(root, "client.laptop");
    assertEquals("no-op", noop.get("action").asText());
    assertEquals(noop.get("before"), noop.get("after"));
    assertEquals(1, root.get("summary").get("destroy").asInt());
    assertEquals("destroy", render(Plans.destroy()).get("mode").asText());
    assertEquals("destroy", change(render(Plans.destroy()), "builder.arm1").get("reason").asText());
  }

  @Test
  void updateAndDriftAndDiagnostics() throws Exception {
    JsonNode root = render(Plans.drift());
    assertEquals("update", change(root, "hcloud_server.arm1").get("action").asText());
    assertTrue(change(root, "hcloud_server.arm1").get("reason").isNull());
    assertEquals(0, change(root, "hcloud_server.arm1").get("replace_paths").size());
    JsonNode drift = root.get("resource_drift");
    assertEquals(2, drift.size());
    assertEquals("update", drift.get(0).get("action").asText());
    assertEquals("cax31", drift.get(0).get("after").get("server_type").asText());
    assertEquals("hcloud_server.x86", drift.get(1).get("address").asText());
    assertEquals("delete", drift.get(1).get("action").asText());
    assertTrue(drift.get(1).get("after").isNull());
    JsonNode diag = render(Plans.disruptiveUpdate()).get("diagnostics").get(0);
    assertEquals("warning", diag.get("severity").asText());
    assertEquals("nixinfra.yaml", diag.get("range").get("filename").asText());
    assertEquals(14, diag.get("range").get("line").asInt());
  }
}
