package dev.nixinfra.core.plan;

import static dev.nixinfra.core.testing.Fixtures.addr;
import static dev.nixinfra.core.testing.Fixtures.attrs;
import static dev.nixinfra.core.testing.Fixtures.desired;
import static dev.nixinfra.core.testing.Fixtures.quietContext;
import static dev.nixinfra.core.testing.Fixtures.state;
import static dev.nixinfra.core.testing.Fixtures.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.Ref;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.testing.FakeProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {
  private static final Attributes OFFICE = attrs("host", "build.acme.example", "port", 22, "max_jobs", 8,
      "systems", List.of("x86_64-linux"));
  private static final Attributes OFFICE_APPLIED = OFFICE.with("nix_version", "2.24.9")
      .with("host_key", "ssh-ed25519 AAAA").with("supported_features", List.of("kvm"));

  private static PlanOutcome plan(List<ResourceConfig> want, State prior, PlanOptions options) {
    return new Planner(Providers.none()).plan(Desired.of("acme", want), prior, options, quietContext());
  }

  private static PlanOptions noRefresh() {
    return new PlanOptions(PlanMode.NORMAL, false, Set.of(), Set.of(), false);
  }

  static Stream<Arguments> decisions() {
    ResourceState office = stored("builder.office", OFFICE_APPLIED);
    return Stream.of(
        Arguments.of("not in state: create", OFFICE, state(), Set.of(), Action.CREATE, Set.of()),
        Arguments.of("same values: no-op", OFFICE, state(office), Set.of(), Action.NO_OP, Set.of()),
        Arguments.of("in-place attribute changed: update", OFFICE.with("max_jobs", 4L), state(office), Set.of(),
            Action.UPDATE, Set.of()),
        Arguments.of("attribute removed from the configuration: update", OFFICE.without("port"), state(office),
            Set.of(), Action.UPDATE, Set.of()),
        Arguments.of("replacing attribute changed: replace", OFFICE.with("host", "other.acme.example"),
            state(office), Set.of(), Action.REPLACE, Set.of("host")),
        Arguments.of("tainted: replace", OFFICE, state(office.withTainted(true)), Set.of(), Action.REPLACE,
            Set.of()),
        Arguments.of("--replace: replace", OFFICE, state(office), Set.of(addr("builder.office")),
            Action.REPLACE, Set.of()),
        Arguments.of("computed attribute given in config differs: update",
            OFFICE.with("supported_features", List.of("kvm", "big-parallel")), state(office), Set.of(),
            Action.UPDATE, Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decidesTheAction(String name, Attributes want, State prior, Set<Address> replace, Action expected,
      Set<String> because) {
    PlanOutcome out = plan(List.of(desired("builder.office", want)), prior,
        new PlanOptions(PlanMode.NORMAL, false, Set.of(), replace, false));
    Change c = out.plan().orElseThrow().change(addr("builder.office")).orElseThrow();
    assertEquals(expected, c.action(), name);
    if (c instanceof Change.Replace r) {
      assertEquals(because, r.because());
    }
  }

  @Test
  void createPlansComputedAttributesAsUnknown() {
    Change c = plan(List.of(desired("builder.office", OFFICE)), state(), noRefresh()).plan().orElseThrow()
        .change(addr("builder.office")).orElseThrow();
    Attributes after = c.after().orElseThrow();
    assertEquals(Unknown.VALUE, after.values().get("nix_version"));
    assertEquals(Unknown.VALUE, after.values().get("host_key"));
    assertEquals("build.acme.example", after.values().get("host"));
  }

  @Test
  void updateKeepsRecordedComputedValues() {
    Change c = plan(List.of(desired("builder.office", OFFICE.with("max_jobs", 2L))),
        state(stored("builder.office", OFFICE_APPLIED)), noRefresh()).plan().orElseThrow()
        .change(addr("builder.office")).orElseThrow();
    assertEquals("2.24.9", c.after().orElseThrow().values().get("nix_version"));
    assertEquals(2L, c.after().orElseThrow().values().get("max_jobs"));
  }

  @Test
  void resourceInStateButNotInConfigIsDeleted() {
    Plan p = plan(List.of(), state(stored("builder.office", OFFICE_APPLIED)), noRefresh()).plan().orElseThrow();
    Change c = p.change(addr("builder.office")).orElseThrow();
    assertInstanceOf(Change.Delete.class, c);
    assertEquals(DeleteReason.NOT_IN_CONFIG, ((Change.Delete) c).reason());
    assertEquals(new Summary(0, 0, 1), p.summary());
  }

  @Test
  void referenceToAResourceBeingCreatedStaysUnknownAndOneInStateResolves() {
    ResourceConfig server = desired("hcloud_server.arm1", attrs("name", "acme-arm1", "server_type", "cax21",
        "image", "ubuntu-24.04", "location", "nbg1", "labels", Map.of(), "ssh_keys", List.of()));
    ResourceConfig builder = desired("builder.arm1", attrs("host", new Ref(addr("hcloud_server.arm1"), "ipv4"),
        "systems", List.of("aarch64-linux")));
    Plan fresh = plan(List.of(server, builder), state(), noRefresh()).plan().orElseThrow();
    assertEquals(new Ref(addr("hcloud_server.arm1"), "ipv4"),
        fresh.change(addr("builder.arm1")).orElseThrow().after().orElseThrow().values().get("host"));

    ResourceState serverApplied = stored("hcloud_server.arm1", server.attributes().with("id", "42")
        .with("ipv4", "192.0.2.1").with("ipv6", "2001:db8::/64").with("status", "running"));
    Plan later = plan(List.of(server, builder), state(serverApplied), noRefresh()).plan().orElseThrow();
    Change b = later.change(addr("builder.arm1")).orElseThrow();
    assertEquals("192.0.2.1", b.after().orElseThrow().values().get("host"));
    assertEquals(Action.NO_OP, later.change(addr("hcloud_server.arm1")).orElseThrow().action());
  }

  @Test
  void replacingADependencyMakesItsReferencesUnknownAndForcesDependentReplacement() {
    Attributes serverAttrs = attrs("name", "acme-arm1", "server_type", "cax21", "image", "ubuntu-24.04",
        "location", "nbg1", "labels", Map.of(), "ssh_keys", List.of());
    ResourceState serverApplied = stored("hcloud_server.arm1", serverAttrs.with("id", "42")
        .with("ipv4", "192.0.2.1").with("ipv6", "2001:db8::/64").with("status", "running"));
    ResourceState builderApplied = stored("builder.arm1", attrs("host", "192.0.2.1",
        "systems", List.of("aarch64-linux"), "nix_version", "2.28", "host_key", "k", "supported_features",
        List.of()), "hcloud_server.arm1");
    Plan p = plan(List.of(
            desired("hcloud_server.arm1", serverAttrs.with("location", "fsn1")),
            desired("builder.arm1", attrs("host", new Ref(addr("hcloud_server.arm1"), "ipv4"),
                "systems", List.of("aarch64-linux")))),
        state(serverApplied, builderApplied), noRefresh()).plan().orElseThrow();
    Change.Replace server = (Change.Replace) p.change(addr("hcloud_server.arm1")).orElseThrow();
    assertEquals(Set.of("location"), server.because());
    Change.Replace builder = (Change.Replace) p.change(addr("builder.arm1")).orElseThrow();
    assertEquals(Set.of("host"), builder.because());
  }

  @Test
  void inPlaceChangeWithAWarningCarriesIt() {
    Attributes serverAttrs = attrs("name", "acme-arm1", "server_type", "cax21", "image", "ubuntu-24.04",
        "location", "nbg1", "labels", Map.of(), "ssh_keys", List.of());
    ResourceState applied = stored("hcloud_server.arm1", serverAttrs.with("id", "42").with("ipv4", "192.0.2.1")
        .with("ipv6", "2001:db8::/64").with("status", "running"));
    Change c = plan(List.of(desired("hcloud_server.arm1", serverAttrs.with("server_type", "cax31"))),
        state(applied), noRefresh()).plan().orElseThrow().change(addr("hcloud_server.arm1")).orElseThrow();
    Change.Update u = assertInstanceOf(Change.Update.class, c);
    assertEquals(List.of("server_type: the server powers off while its type changes"), u.warnings());
  }

  @Test
  void destroyModeDeletesEverythingInState() {
    State prior = state(stored("builder.office", OFFICE_APPLIED), stored("client.ci", attrs("kind", "nixos")));
    Plan p = plan(List.of(desired("builder.office", OFFICE)), prior,
        new PlanOptions(PlanMode.DESTROY, false, Set.of(), Set.of(), false)).plan().orElseThrow();
    assertEquals(2, p.changes().size());
    assertTrue(p.changes().stream().allMatch(c -> c.action() == Action.DELETE));
  }

  @Test
  void targetPlansOnlyTheTargetAndWhatItDependsOn() {
    List<ResourceConfig> want = List.of(
        desired("client_key.ci", attrs("host", "ci.acme.example")),
        desired("builder.office", OFFICE.with("authorized_keys", List.of(new Ref(addr("client_key.ci"),
            "public_key")))),
        desired("builder.other", OFFICE.with("host", "other.acme.example")));
    PlanOutcome out = plan(want, state(), new PlanOptions(PlanMode.NORMAL, false,
        Set.of(addr("builder.office")), Set.of(), false));
    Plan p = out.plan().orElseThrow();
    assertEquals(List.of(addr("builder.office"), addr("client_key.ci")),
        p.changes().stream().map(Change::address).toList());
    assertTrue(out.diagnostics().stream().anyMatch(d -> d.summary().contains("targeting is in effect")));
  }

  @Test
  void unknownTargetAndReplaceAreErrors() {
    PlanOutcome out = plan(List.of(desired("builder.office", OFFICE)), state(),
        new PlanOptions(PlanMode.NORMAL, false, Set.of(addr("builder.nope")), Set.of(addr("client.nope")),
            false));
    assertTrue(out.plan().isEmpty());
    assertEquals(2, out.diagnostics().stream().filter(Diagnostic::isError).count());
  }

  @Test
  void cycleIsReportedAsAnError() {
    PlanOutcome out = plan(List.of(
        desired("builder.a", attrs("host", new Ref(addr("builder.b"), "host"))),
        desired("builder.b", attrs("host", new Ref(addr("builder.a"), "host")))), state(), noRefresh());
    assertTrue(out.plan().isEmpty());
    assertTrue(out.diagnostics().get(0).summary().contains("builder.a -> builder.b -> builder.a"),
        out.diagnostics().get(0).summary());
  }

  @Test
  void refreshReportsDriftAndPlansToRepairIt() throws Exception {
    FakeProvider nix = new FakeProvider("nix");
    ResourceState office = stored("builder.office", OFFICE_APPLIED);
    nix.world().put(office.address(), office.withAttributes(OFFICE_APPLIED.with("max_jobs", 99L)));
    ResourceState gone = stored("builder.gone", OFFICE_APPLIED.with("host", "gone.acme.example"));
    PlanOutcome out = new Planner(Providers.of(List.of(nix))).plan(
        Desired.of("acme", List.of(desired("builder.office", OFFICE),
            desired("builder.gone", OFFICE.with("host", "gone.acme.example")))),
        state(office, gone), PlanOptions.defaults(), quietContext());
    Plan p = out.plan().orElseThrow();
    assertEquals(2, p.drift().size());
    Drift deleted = p.drift().stream().filter(d -> d.address().name().equals("gone")).findFirst().orElseThrow();
    assertTrue(deleted.now().isEmpty());
    assertEquals(Action.CREATE, p.change(addr("builder.gone")).orElseThrow().action());
    assertEquals(Action.UPDATE, p.change(addr("builder.office")).orElseThrow().action());
    assertFalse(p.prior().resource(addr("builder.gone")).isPresent());
    assertEquals(7, p.prior().serial(), "refresh is not a write");
  }

  @Test
  void planningWithoutRefreshContactsNothingAndNewResourcesAreNeverRead() {
    FakeProvider nix = new FakeProvider("nix");
    ResourceState office = stored("builder.office", OFFICE_APPLIED);
    Planner planner = new Planner(Providers.of(List.of(nix)));
    Desired want = Desired.of("acme", List.of(desired("builder.office", OFFICE),
        desired("builder.new", OFFICE.with("host", "new.acme.example"))));
    planner.plan(want, state(office), noRefresh(), quietContext());
    assertEquals(List.of(), nix.calls());
    nix.world().put(office.address(), office);
    planner.plan(want, state(office), PlanOptions.defaults(), quietContext());
    assertEquals(List.of("read builder.office"), nix.calls());
  }

  @Test
  void missingProviderDuringRefreshIsAWarningAndUsesState() {
    ResourceState office = stored("builder.office", OFFICE_APPLIED);
    PlanOutcome out = new Planner(Providers.none()).plan(Desired.of("acme",
        List.of(desired("builder.office", OFFICE))), state(office), PlanOptions.defaults(), quietContext());
    assertEquals(Action.NO_OP, out.plan().orElseThrow().changes().get(0).action());
    assertTrue(out.diagnostics().get(0).summary().contains("'nix' provider"), out.diagnostics().toString());
    assertEquals(Optional.of("builder.office"), out.diagnostics().get(0).subject());
  }
}
