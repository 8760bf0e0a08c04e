package dev.nixinfra.state.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.diag.SourceLocation;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Ref;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.plan.DeleteReason;
import dev.nixinfra.core.plan.Drift;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanMode;
import dev.nixinfra.core.plan.ReplaceReason;
import dev.nixinfra.core.state.StateException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PlanJsonTest {
  private static final Address ARM1 = Address.parse("hcloud_server.arm1");
  private static final Address ARM2 = Address.parse("hcloud_server.arm2");
  private static final Address KEY = Address.parse("hcloud_ssh_key.admin");
  private static final Address DNS = Address.parse("dns_record.arm1");
  private static final Address OLD = Address.parse("hcloud_server.old");
  private static final Address CLIENT = Address.parse("nix_client.laptop");

  private static final Attributes PRIOR = Attributes.of(Map.of("name", "arm1", "cores", 4L, "ratio", 0.5));
  /** Pending values at every depth: top level, in a list, in a map. */
  private static final Attributes PENDING = Attributes.of(Map.of(
      "ipv4", Unknown.VALUE,
      "key", new Ref(KEY, "fingerprint"),
      "hosts", List.of("a", new Ref(ARM1, "ipv4.addresses.0"), Unknown.VALUE),
      "meta", Map.of("ip", new Ref(ARM2, "ipv6"), "plain", Map.of("on", true))));

  private static Plan plan(List<Change> changes) {
    return new Plan("prod", PlanMode.NORMAL, StateJsonTest.sample(), changes,
        List.of(new Drift(ARM1, PRIOR, Optional.of(PRIOR.with("cores", 8L))), new Drift(OLD, PRIOR, Optional.empty())),
        new TreeSet<>(Set.of(KEY)), new TreeSet<>(Set.of(ARM1, KEY)),
        List.of(Diagnostic.warning(new SourceLocation("nixinfra.yaml", 12, 5), "deprecated key", "use x").about("y"),
            Diagnostic.warning("no location", "")));
  }

  private static Plan everyVariant() {
    return plan(List.of(
        new Change.Create(DNS, PENDING, new TreeSet<>(Set.of(ARM1))),
        new Change.Update(ARM2, PRIOR, PRIOR.with("cores", 8L), new TreeSet<>(Set.of(KEY)),
            List.of("changing cores restarts the server")),
        new Change.Replace(ARM1, PRIOR, PENDING, new TreeSet<>(Set.of(KEY)), ReplaceReason.CANNOT_UPDATE,
            new TreeSet<>(Set.of("image", "location"))),
        new Change.Replace(CLIENT, PRIOR, PRIOR, new TreeSet<>(), ReplaceReason.TAINTED, new TreeSet<>()),
        new Change.Delete(OLD, PRIOR, DeleteReason.NOT_IN_CONFIG),
        new Change.NoOp(KEY, Attributes.of(Map.of("name", "admin")), new TreeSet<>())));
  }

  @Test
  void everyChangeVariantRoundTrips() throws Exception {
    Plan plan = everyVariant();
    String text = PlanJson.write(plan);
    Plan back = PlanJson.parse(text);
    assertEquals(plan, back);
    assertEquals(text, PlanJson.write(back), "stable");
    assertTrue(text.endsWith("}\n"));
  }

  @Test
  void pendingValuesAreSingleKeyObjects() throws Exception {
    String text = PlanJson.write(everyVariant());
    assertTrue(text.contains("\"ipv4\": {\n          \"$unknown\": true\n        }"), text);
    assertTrue(text.contains("\"$ref\": \"hcloud_server.arm1.ipv4.addresses.0\""), text);
    Change.Create create = (Change.Create) PlanJson.parse(text).change(DNS).orElseThrow();
    assertEquals(new Ref(ARM1, "ipv4.addresses.0"), ((List<?>) create.planned().get("hosts").orElseThrow()).get(1));
    assertEquals(Unknown.VALUE, create.planned().get("ipv4").orElseThrow());
  }

  @Test
  void destroyPlanRoundTrips() throws Exception {
    Plan plan = new Plan("prod", PlanMode.DESTROY, StateJsonTest.sample(),
        List.of(new Change.Delete(ARM1, PRIOR, DeleteReason.DESTROY)), List.of(), new TreeSet<>(), new TreeSet<>(),
        List.of());
    assertEquals(plan, PlanJson.parse(PlanJson.write(plan)));
  }

  @Test
  void userMapCollidingWithSpecialValuesIsRefusedAtWriteTime() {
    Plan plan = plan(List.of(new Change.Create(DNS, Attributes.of(Map.of("labels", Map.of("$unknown", true))),
        new TreeSet<>())));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanJson.write(plan));
    assertEquals("dns_record.arm1: attribute labels has the map key \"$unknown\"; keys starting with $ are "
        + "reserved in nixinfra's files, rename it", e.getMessage());
  }

  private static String message(String text) {
    return assertThrows(StateException.class, () -> PlanJson.read(text, Path.of("tonight.plan"))).getMessage();
  }

  private static String expected(String located) {
    return "plan file tonight.plan is not valid: " + located + ". Make the plan again with nixinfra plan --out "
        + "tonight.plan";
  }

  @Test
  void brokenPlanFilesAreReportedWithTheirPlace() {
    String good = PlanJson.write(everyVariant());
    assertEquals(expected("line 1, column 1: \"format\" is missing"), message("{}"));
    assertEquals(expected("line 2, column 13: \"format\" must be \"nixinfra-plan\"; this is not a saved nixinfra "
        + "plan"), message(StateJson.write(StateJsonTest.sample()).replace("\"version\"", "\"format\": \"x\",\n  "
        + "\"version\"")));
    assertEquals(expected("line 5, column 11: \"mode\" must be one of normal, destroy"),
        message(good.replace("\"mode\": \"normal\"", "\"mode\": \"apply\"")));
    assertTrue(message(good.replace("\"$unknown\": true", "\"$unknown\": 1"))
        .contains("\"changes[0].after.hosts[2].$unknown\" must be true or false"));
    assertTrue(message(good.replace("\"$ref\": \"hcloud_server.arm1.ipv4.addresses.0\"", "\"$ref\": \"arm1\""))
        .contains("\"changes[0].after.hosts[1].$ref\" must be a reference TYPE.NAME.ATTRIBUTE"));
    assertTrue(message(good.replace("\"$ref\": \"hcloud_server.arm1.ipv4.addresses.0\"",
        "\"$ref\": \"x\", \"other\": 1")).contains("\"changes[0].after.hosts[1]\" must be either "
        + "{\"$unknown\":true} or {\"$ref\":\"type.name.attribute\"}, alone"));
    assertTrue(message(good.replace("\"action\": \"create\"", "\"action\": \"make\""))
        .contains("\"changes[0].action\" must be one of create, update, replace, delete, no-op"));
    assertTrue(message(good.replace("\"action\": \"create\"", "\"action\": \"delete\""))
        .contains("\"changes[0]\": a delete needs \"before\""));
    assertTrue(message(good.replace("\"action\": \"no-op\"", "\"action\": \"create\""))
        .contains("\"changes[4].before\": a create has no \"before\"; it must be null"), good);
    assertTrue(message(good.replace("\"location\": \"nixinfra.yaml:12:5\"", "\"location\": \"nixinfra.yaml\""))
        .contains("\"diagnostics[0].location\" must be FILE:LINE:COLUMN, such as nixinfra.yaml:12:5"));
    assertTrue(message(good.replace("\"severity\": \"warning\"", "\"severity\": \"error\""))
        .contains("line 1, column 1: the plan does not hold together: a plan with errors cannot be made"));
  }
}
