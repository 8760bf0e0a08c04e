package dev.nixinfra.core.apply;

import static dev.nixinfra.core.testing.Fixtures.addr;
import static dev.nixinfra.core.testing.Fixtures.attrs;
import static dev.nixinfra.core.testing.Fixtures.desired;
import static dev.nixinfra.core.testing.Fixtures.quietContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.Ref;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanMode;
import dev.nixinfra.core.plan.PlanOptions;
import dev.nixinfra.core.plan.Planner;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.testing.FakeProvider;
import dev.nixinfra.core.testing.InMemoryStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ApplierTest {
  private final FakeProvider hcloud = new FakeProvider("hcloud");
  private final FakeProvider nix = new FakeProvider("nix");
  private final Providers providers = Providers.of(List.of(hcloud, nix));
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  private final ApplyListener recorder = new ApplyListener() {
    @Override
    public void finished(Change change, Duration elapsed, java.util.Optional<dev.nixinfra.core.model.ResourceState> r) {
      events.add("done " + change.address());
    }

    @Override
    public void failed(Change change, String message) {
      events.add("failed " + change.address());
    }

    @Override
    public void skipped(Change change, Address cause) {
      events.add("skipped " + change.address() + " because " + cause);
    }

    @Override
    public void notStarted(Change change) {
      events.add("not started " + change.address());
    }
  };

  /** A Hetzner builder, an existing builder and a client that uses both. */
  private static List<ResourceConfig> fleet() {
    return List.of(
        desired("hcloud_ssh_key.acme", attrs("name", "acme", "public_key_file", "~/.ssh/id_ed25519.pub",
            "labels", Map.of("nixinfra/stack", "acme"))),
        desired("hcloud_server.arm1", attrs("name", "acme-arm1", "server_type", "cax21", "image", "ubuntu-24.04",
            "location", "nbg1", "labels", Map.of(), "ssh_keys", List.of(new Ref(addr("hcloud_ssh_key.acme"), "id")))),
        desired("builder.arm1", attrs("host", new Ref(addr("hcloud_server.arm1"), "ipv4"),
            "authorized_keys", List.of(new Ref(addr("client_key.ci"), "public_key")))),
        desired("builder.office", attrs("host", "build.acme.example",
            "authorized_keys", List.of(new Ref(addr("client_key.ci"), "public_key")))),
        desired("client_key.ci", attrs("host", "ci.acme.example", "key_path", "/etc/nix/k")),
        desired("client.ci", attrs("kind", "nixos", "host", "ci.acme.example", "machines", List.of(
            Map.of("host", new Ref(addr("builder.arm1"), "host"), "host_key", new Ref(addr("builder.arm1"), "host_key")),
            Map.of("host", "build.acme.example", "host_key", new Ref(addr("builder.office"), "host_key")))),
            "client_key.ci", "builder.arm1", "builder.office"));
  }

  private Plan plan(List<ResourceConfig> want, State prior, PlanMode mode) {
    return new Planner(providers).plan(Desired.of("acme", want), prior,
        new PlanOptions(mode, true, Set.of(), Set.of(), false), quietContext()).plan().orElseThrow();
  }

  private ApplyResult apply(Plan plan, int parallelism) {
    return new Applier(providers, store::write, recorder, parallelism, () -> false, Duration.ofSeconds(10))
        .apply(plan);
  }

  private State stored() {
    return store.read().orElseThrow();
  }

  @Test
  void appliesAFleetInDependencyOrderAndResolvesReferences() {
    Plan plan = plan(fleet(), State.empty(), PlanMode.NORMAL);
    ApplyResult result = apply(plan, 10);
    assertTrue(result.succeeded(), result.toString());
    assertEquals(6, result.added());
    assertTrue(hcloud.calls().indexOf("apply hcloud_ssh_key.acme") < hcloud.calls().indexOf("apply hcloud_server.arm1"));
    State s = stored();
    assertEquals("ipv4-of-hcloud_server.arm1", s.resource(addr("builder.arm1")).orElseThrow().attributes()
        .values().get("host"));
    assertEquals(List.of("public_key-of-client_key.ci"), s.resource(addr("builder.office")).orElseThrow()
        .attributes().values().get("authorized_keys"));
    Object machines = s.resource(addr("client.ci")).orElseThrow().attributes().values().get("machines");
    assertTrue(machines.toString().contains("host_key-of-builder.arm1"), machines.toString());
    assertEquals(Set.of(addr("client_key.ci"), addr("builder.arm1"), addr("builder.office")),
        s.resource(addr("client.ci")).orElseThrow().dependencies());
  }

  @Test
  void persistsStateAfterEverySingleResourceOperation() {
    Plan plan = plan(fleet(), State.empty(), PlanMode.NORMAL);
    apply(plan, 3);
    List<State> written = store.written();
    assertEquals(6, written.size());
    for (int i = 0; i < written.size(); i++) {
      assertEquals(i + 1, written.get(i).serial());
      assertEquals(i + 1, written.get(i).resources().size());
    }
  }

  @Test
  void secondPlanAfterApplyHasNoChanges() {
    apply(plan(fleet(), State.empty(), PlanMode.NORMAL), 10);
    Plan again = plan(fleet(), stored(), PlanMode.NORMAL);
    assertTrue(again.isEmpty(), again.changes().toString());
    assertTrue(again.drift().isEmpty());
  }

  @Test
  void independentBranchesGoOnWhenOneFailsAndDependentsAreSkipped() {
    hcloud.failOn(addr("hcloud_server.arm1"));
    ApplyResult result = apply(plan(fleet(), State.empty(), PlanMode.NORMAL), 10);
    assertFalse(result.succeeded());
    assertEquals(List.of(new ApplyResult.Failure(addr("hcloud_server.arm1"), "fake failure of hcloud_server.arm1")),
        result.failures());
    assertEquals(List.of(addr("builder.arm1"), addr("client.ci")), result.skipped());
    State s = stored();
    assertTrue(s.resource(addr("builder.office")).isPresent(), "the independent branch was applied");
    assertTrue(s.resource(addr("client_key.ci")).isPresent());
    assertTrue(events.contains("skipped client.ci because builder.arm1"), events.toString());
  }

  @Test
  void deletesRunInReverseDependencyOrder() {
    apply(plan(fleet(), State.empty(), PlanMode.NORMAL), 10);
    Plan destroy = plan(fleet(), stored(), PlanMode.DESTROY);
    ApplyResult result = apply(destroy, 10);
    assertTrue(result.succeeded(), result.toString());
    assertEquals(6, result.destroyed());
    assertTrue(stored().resources().isEmpty());
    List<String> nixCalls = nix.calls();
    assertTrue(nixCalls.indexOf("delete client.ci") < nixCalls.indexOf("delete builder.arm1"), nixCalls.toString());
    assertTrue(nixCalls.indexOf("delete builder.arm1") < nixCalls.indexOf("delete client_key.ci"));
    List<String> hcloudCalls = hcloud.calls();
    assertTrue(hcloudCalls.indexOf("delete hcloud_server.arm1") < hcloudCalls.indexOf("delete hcloud_ssh_key.acme"));
    assertTrue(hcloud.world().isEmpty() && nix.world().isEmpty());
  }

  @Test
  void parallelismBoundsConcurrentOperations() {
    List<ResourceConfig> many = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      many.add(desired("builder.b" + i, attrs("host", "b" + i + ".acme.example")));
    }
    nix.latency(40);
    assertTrue(apply(plan(many, State.empty(), PlanMode.NORMAL), 3).succeeded());
    assertEquals(3, nix.maxConcurrency());
  }

  @Test
  void interruptionLetsRunningOperationsFinishAndStartsNothingNew() {
    List<ResourceConfig> chain = List.of(
        desired("builder.a", attrs("host", "a.acme.example")),
        desired("builder.b", attrs("host", new Ref(addr("builder.a"), "host"))),
        desired("builder.c", attrs("host", new Ref(addr("builder.b"), "host"))));
    AtomicBoolean cancel = new AtomicBoolean();
    ApplyListener stopAfterFirst = new ApplyListener() {
      @Override
      public void starting(Change change) {
        cancel.set(true);
      }
    };
    ApplyResult result = new Applier(providers, store::write, stopAfterFirst, 10, cancel::get,
        Duration.ofSeconds(10)).apply(plan(chain, State.empty(), PlanMode.NORMAL));
    assertEquals(1, result.added());
    assertEquals(List.of(addr("builder.b"), addr("builder.c")), result.notStarted());
    assertEquals(Set.of(addr("builder.a")), stored().resources().keySet());
  }

  @Test
  void aFailedStateWriteStopsTheRunAndKeepsTheSnapshotForRecovery() {
    StateWriter broken = s -> {
      throw new dev.nixinfra.core.state.StateException("disk full");
    };
    List<ResourceConfig> two = List.of(desired("builder.a", attrs("host", "a.acme.example")),
        desired("builder.b", attrs("host", new Ref(addr("builder.a"), "host"))));
    ApplyResult result = new Applier(providers, broken, recorder, 1, () -> false, Duration.ofSeconds(10))
        .apply(plan(two, State.empty(), PlanMode.NORMAL));
    assertEquals(java.util.Optional.of("disk full"), result.stateWriteFailure());
    assertTrue(result.state().resource(addr("builder.a")).isPresent(), "what was applied is not lost");
    assertEquals(List.of(addr("builder.b")), result.notStarted());
  }

  @Test
  void applyingATypeWithoutProviderFailsClearly() {
    Providers onlyNix = Providers.of(List.of(nix));
    Plan plan = new Planner(onlyNix).plan(Desired.of("acme", List.of(desired("hcloud_ssh_key.acme",
        attrs("name", "acme")))), State.empty(), PlanOptions.defaults(), quietContext()).plan().orElseThrow();
    ApplyResult result = new Applier(onlyNix, store::write, recorder, 1, () -> false, Duration.ofSeconds(10))
        .apply(plan);
    assertEquals("cannot apply hcloud_ssh_key.acme: resources of type hcloud_ssh_key are applied by the "
        + "'hcloud' provider, which this version of nixinfra does not include yet",
        result.failures().get(0).message());
  }

  @Test
  void replaceDeletesThenCreates() {
    apply(plan(List.of(desired("builder.a", attrs("host", "a.acme.example"))), State.empty(), PlanMode.NORMAL), 1);
    String firstId = stored().resource(addr("builder.a")).orElseThrow().id();
    ApplyResult result = apply(plan(List.of(desired("builder.a", attrs("host", "a2.acme.example"))), stored(),
        PlanMode.NORMAL), 1);
    assertEquals(1, result.added());
    assertEquals(1, result.destroyed());
    assertFalse(firstId.equals(stored().resource(addr("builder.a")).orElseThrow().id()));
    assertEquals(List.of("apply builder.a", "read builder.a", "delete builder.a", "apply builder.a"), nix.calls());
  }

  @Test
  void stillRunningIsReportedPeriodically() {
    nix.latency(300);
    List<Duration> ticks = Collections.synchronizedList(new ArrayList<>());
    ApplyListener l = new ApplyListener() {
      @Override
      public void stillRunning(Change change, Duration elapsed) {
        ticks.add(elapsed);
      }
    };
    new Applier(providers, store::write, l, 1, () -> false, Duration.ofMillis(50))
        .apply(plan(List.of(desired("builder.a", attrs("host", "a.acme.example"))), State.empty(), PlanMode.NORMAL));
    assertTrue(ticks.size() >= 2, "ticks: " + ticks);
  }
}
