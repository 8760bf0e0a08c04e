package dev.nixinfra.core.plan;

import static dev.nixinfra.core.testing.Fixtures.addr;
import static dev.nixinfra.core.testing.Fixtures.attrs;
import static dev.nixinfra.core.testing.Fixtures.desired;
import static dev.nixinfra.core.testing.Fixtures.quietContext;
import static dev.nixinfra.core.testing.Fixtures.state;
import static dev.nixinfra.core.testing.Fixtures.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.apply.Applier;
import dev.nixinfra.core.apply.ApplyListener;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.diag.SourceLocation;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.testing.FakeProvider;
import dev.nixinfra.core.testing.InMemoryStateStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Adoption of objects a crashed run made, unmanaged objects and --prune, and provider checks during plan. */
class DiscoveryTest {
  private static final Attributes SERVER = attrs("name", "acme-arm1", "server_type", "cax21", "image", "ubuntu-24.04",
      "location", "nbg1", "labels", Map.of("nixinfra/stack", "acme"), "ssh_keys", List.of());
  private static final Attributes MADE = SERVER.with("id", "42").with("ipv4", "192.0.2.1")
      .with("ipv6", "2001:db8::/64").with("status", "running");

  private final FakeProvider hcloud = new FakeProvider("hcloud").discovering();
  private final Planner planner = new Planner(Providers.of(List.of(hcloud)));

  private PlanOutcome plan(State prior, boolean prune) {
    return planner.plan(Desired.of("acme", List.of(desired("hcloud_server.arm1", SERVER))), prior,
        new PlanOptions(PlanMode.NORMAL, true, Set.of(), Set.of(), prune), quietContext());
  }

  @Test
  void anObjectMadeByARunThatDiedBeforeRecordingItIsAdoptedNotCreatedAgain() {
    hcloud.world().put(addr("hcloud_server.arm1"), stored("hcloud_server.arm1", MADE));
    PlanOutcome out = plan(State.empty(), false);
    Plan p = out.plan().orElseThrow();
    assertEquals(Set.of(addr("hcloud_server.arm1")), p.adopted());
    assertEquals(Action.NO_OP, p.change(addr("hcloud_server.arm1")).orElseThrow().action());
    assertTrue(p.prior().resource(addr("hcloud_server.arm1")).isPresent());
    assertTrue(out.diagnostics().stream().anyMatch(d -> d.summary().contains("adopted")), out.diagnostics().toString());

    InMemoryStateStore store = new InMemoryStateStore();
    new Applier(Providers.of(List.of(hcloud)), store::write, new ApplyListener() { }, 1, () -> false,
        Duration.ofSeconds(10)).apply(p);
    assertTrue(store.written().isEmpty(), "nothing to change: the plan is empty, so apply writes nothing");
    assertTrue(p.isEmpty());
  }

  @Test
  void adoptionIsRecordedBeforeTheFirstChange() {
    hcloud.world().put(addr("hcloud_server.arm1"), stored("hcloud_server.arm1", MADE.with("server_type", "cax11")));
    Plan p = plan(State.empty(), false).plan().orElseThrow();
    assertEquals(Action.UPDATE, p.change(addr("hcloud_server.arm1")).orElseThrow().action());
    InMemoryStateStore store = new InMemoryStateStore();
    new Applier(Providers.of(List.of(hcloud)), store::write, new ApplyListener() { }, 1, () -> false,
        Duration.ofSeconds(10)).apply(p);
    List<State> written = store.written();
    assertEquals(2, written.size());
    assertEquals("cax11", written.get(0).resource(addr("hcloud_server.arm1")).orElseThrow().attributes()
        .values().get("server_type"), "first the adopted object as found");
    assertEquals("cax21", written.get(1).resource(addr("hcloud_server.arm1")).orElseThrow().attributes()
        .values().get("server_type"));
    assertEquals(List.of("list acme", "apply hcloud_server.arm1"), hcloud.calls());
  }

  @Test
  void unmanagedObjectsAreReportedAndDeletedOnlyWithPrune() {
    hcloud.world().put(addr("hcloud_server.arm1"), stored("hcloud_server.arm1", MADE));
    ResourceState old = stored("hcloud_server.old", MADE.with("name", "acme-old"));
    hcloud.world().put(old.address(), old);

    PlanOutcome without = plan(state(stored("hcloud_server.arm1", MADE)), false);
    assertTrue(without.plan().orElseThrow().change(addr("hcloud_server.old")).isEmpty());
    assertTrue(without.diagnostics().stream().anyMatch(d -> d.summary().startsWith("hcloud_server.old (id "
        + "id-hcloud_server.old) carries this stack's labels")), without.diagnostics().toString());

    Plan with = plan(state(stored("hcloud_server.arm1", MADE)), true).plan().orElseThrow();
    Change.Delete delete = (Change.Delete) with.change(addr("hcloud_server.old")).orElseThrow();
    assertEquals(DeleteReason.UNMANAGED, delete.reason());
    new Applier(Providers.of(List.of(hcloud)), new InMemoryStateStore()::write, new ApplyListener() { }, 1,
        () -> false, Duration.ofSeconds(10)).apply(with);
    assertTrue(hcloud.world().containsKey(addr("hcloud_server.arm1")));
    assertTrue(!hcloud.world().containsKey(addr("hcloud_server.old")), "pruned");
  }

  @Test
  void pruneWithTargetsDeletesOnlyTheTargetedUnmanagedObjectsAndKeepsTheOthersOutOfState() {
    ResourceState old = stored("hcloud_server.old", MADE.with("name", "acme-old"));
    ResourceState stray = stored("hcloud_server.stray", MADE.with("name", "acme-stray"));
    hcloud.world().put(old.address(), old);
    hcloud.world().put(stray.address(), stray);
    PlanOutcome out = planner.plan(Desired.of("acme", List.of(desired("hcloud_server.arm1", SERVER))),
        State.empty(), new PlanOptions(PlanMode.NORMAL, true, Set.of(old.address()), Set.of(), true),
        quietContext());
    Plan p = out.plan().orElseThrow();
    assertEquals(List.of(old.address()), p.changes().stream().map(Change::address).toList(),
        "only the target: arm1 is out of scope");
    assertTrue(p.prior().resource(stray.address()).isEmpty(), "the untargeted one is not taken into state");
    assertTrue(out.diagnostics().stream().anyMatch(d -> d.summary().startsWith("hcloud_server.stray (id ")),
        out.diagnostics().toString());

    PlanOutcome unknown = planner.plan(Desired.of("acme", List.of(desired("hcloud_server.arm1", SERVER))),
        State.empty(), new PlanOptions(PlanMode.NORMAL, true, Set.of(addr("hcloud_server.nope")), Set.of(), true),
        quietContext());
    assertTrue(unknown.plan().isEmpty());
    assertTrue(unknown.diagnostics().stream().anyMatch(d -> d.summary().equals("--target hcloud_server.nope names "
        + "no resource in the configuration, in state or among the unmanaged objects refresh found")),
        unknown.diagnostics().toString());
  }

  @Test
  void aFailedRefreshIsNotFollowedByValidationThatWouldFailTheSameWay() {
    hcloud.unreachable().validation(Diagnostic.error("could not reach the API", "again"));
    PlanOutcome out = plan(state(stored("hcloud_server.arm1", MADE)), false);
    assertTrue(out.plan().isEmpty());
    assertEquals(1, out.diagnostics().size(), out.diagnostics().toString());
    assertTrue(out.diagnostics().get(0).summary().startsWith("refreshing "), out.diagnostics().toString());
  }

  @Test
  void providerValidationErrorsStopThePlanOnlyWhenRefreshing() {
    hcloud.validation(Diagnostic.error(new SourceLocation("nixinfra.yaml", 7, 5),
        "server type cax99 does not exist", "Use one of: cax11, cax21."));
    PlanOutcome out = plan(State.empty(), false);
    assertTrue(out.plan().isEmpty());
    assertEquals("nixinfra.yaml:7:5", out.diagnostics().get(0).location().orElseThrow().toString());
    PlanOutcome offline = planner.plan(Desired.of("acme", List.of(desired("hcloud_server.arm1", SERVER))),
        State.empty(), new PlanOptions(PlanMode.NORMAL, false, Set.of(), Set.of(), false), quietContext());
    assertTrue(offline.plan().isPresent(), "--refresh=false contacts nothing, so it cannot check the catalogue");
  }
}
