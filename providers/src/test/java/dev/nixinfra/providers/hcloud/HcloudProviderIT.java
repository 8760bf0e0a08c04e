package dev.nixinfra.providers.hcloud;

import static dev.nixinfra.core.testing.Fixtures.quietContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.apply.Applier;
import dev.nixinfra.core.apply.ApplyListener;
import dev.nixinfra.core.apply.ApplyResult;
import dev.nixinfra.core.config.ConfigLoader;
import dev.nixinfra.core.config.Expander;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Action;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanMode;
import dev.nixinfra.core.plan.PlanOptions;
import dev.nixinfra.core.plan.PlanOutcome;
import dev.nixinfra.core.plan.Planner;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.testing.InMemoryStateStore;
import dev.nixinfra.providers.hcloud.api.HcloudHttp;
import dev.nixinfra.providers.hcloud.api.HcloudSettings;
import dev.nixinfra.providers.hcloud.api.OkHttpHcloudApi;
import dev.nixinfra.providers.hcloud.fake.FakeHcloud;
import dev.nixinfra.providers.hcloud.fake.ServerView;
import dev.nixinfra.providers.hcloud.fake.SshKeyView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hetzner provider with the real HTTP client against the stateful fake API, driven by the core planner and
 * applier from a real configuration: the paths that are hard to reach end to end (a create whose answer never
 * came, protection, key adoption, outages, drift, duplicates).
 */
class HcloudProviderIT {
  private static final String PUBLIC_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKHC3cRUMlbti3ICDfswDDDAdEJ5zT/zSRR/ZbigN2Mr nixinfra-test";
  private static final Address ARM1 = Address.parse("hcloud_server.arm1");
  private static final Address KEY = Address.parse("hcloud_ssh_key.it");

  @TempDir Path dir;
  private FakeHcloud cloud;
  private HcloudProvider provider;
  private final InMemoryStateStore store = new InMemoryStateStore();
  private Desired desired;

  @BeforeEach
  void setUp() throws Exception {
    cloud = FakeHcloud.start();
    Files.writeString(dir.resolve("id.pub"), PUBLIC_KEY + "\n");
    provider = provider(Duration.ofSeconds(5));
    desired = desired("cax21");
  }

  @AfterEach
  void tearDown() {
    cloud.close();
  }

  private HcloudProvider provider(Duration readTimeout) {
    HcloudSettings settings = HcloudSettings.of(cloud.token()).withEndpoint(cloud.endpoint())
        .withTimeouts(Duration.ofSeconds(2), readTimeout, Duration.ofSeconds(2), Duration.ofSeconds(20))
        .withPolling(Duration.ofMillis(5), Duration.ofMillis(20))
        .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(20))
        .withDeadlines(Duration.ofSeconds(2), Duration.ofSeconds(10));
    return new HcloudProvider(Optional.of(new OkHttpHcloudApi(HcloudHttp.sharedClient(), settings)));
  }

  private Desired desired(String serverType) {
    String yaml = """
        stack: it
        ssh: { identity: %s }
        hetzner: { location: fsn1 }
        builders:
          arm1:
            hetzner: { server_type: %s, location: nbg1 }
            bootstrap: nixos-infect
            systems: [aarch64-linux]
        """.formatted(dir.resolve("id"), serverType);
    return Expander.expand(ConfigLoader.parse(yaml, "nixinfra.yaml", Map.of()).config().orElseThrow());
  }

  private PlanOutcome plan(PlanMode mode, boolean prune) {
    return new Planner(Providers.of(List.of(provider))).plan(desired, current(),
        new PlanOptions(mode, true, mode == PlanMode.DESTROY ? Set.of() : Set.of(ARM1), Set.of(), prune),
        quietContext());
  }

  private Plan plan() {
    PlanOutcome out = plan(PlanMode.NORMAL, false);
    return out.plan().orElseThrow(() -> new AssertionError(out.diagnostics().toString()));
  }

  private ApplyResult apply(Plan plan) {
    return new Applier(Providers.of(List.of(provider)), store::write, new ApplyListener() { }, 4, () -> false,
        Duration.ofSeconds(10)).apply(plan);
  }

  private State current() {
    return store.read().orElse(State.empty());
  }

  private ServerView onlyServer() {
    List<ServerView> servers = cloud.servers();
    assertEquals(1, servers.size(), servers.toString());
    return servers.get(0);
  }

  @Test
  void aCreateWhoseAnswerNeverCameMakesNoSecondServer() {
    provider = provider(Duration.ofMillis(400));
    cloud.delayNext("POST", "/servers", Duration.ofSeconds(2));
    ApplyResult r = apply(plan());
    assertTrue(r.succeeded(), r.failures().toString());
    ServerView s = onlyServer();
    assertEquals(1, cloud.countExact("POST", "/servers"), "looked up by name instead of posting again");
    assertTrue(cloud.requests().stream().anyMatch(q -> q.method().equals("GET") && q.path().equals("/servers")
        && q.query() != null && q.query().contains("name=it-arm1")), "the answer timed out: " + cloud.requests());
    assertEquals(String.valueOf(s.id()), current().resource(ARM1).orElseThrow().id());
    assertEquals(Action.NO_OP, plan().change(ARM1).orElseThrow().action());
  }

  @Test
  void deleteProtectionIsNamedInThePlanAndStopsOnlyThatServer() {
    assertTrue(apply(plan()).succeeded());
    ServerView s = onlyServer();
    cloud.setProtection(s.id(), true, true);

    PlanOutcome destroy = plan(PlanMode.DESTROY, false);
    assertTrue(destroy.diagnostics().stream().map(Diagnostic::summary).anyMatch(m -> m.equals("server it-arm1 (id "
        + s.id() + ") has delete and rebuild protection, so hcloud_server.arm1 cannot be deleted until it is lifted")),
        destroy.diagnostics().toString());
    ApplyResult r = apply(destroy.plan().orElseThrow());
    assertEquals(1, r.failures().size(), r.toString());
    assertTrue(r.failures().get(0).message().contains("has delete protection; lift it"), r.toString());
    assertTrue(cloud.server(s.id()).isPresent());
    assertTrue(current().resource(ARM1).isPresent(), "still recorded");
    assertEquals(1, cloud.sshKeys().size(), "the key goes only after the servers that use it");
    assertTrue(r.skipped().contains(KEY), r.toString());

    cloud.setProtection(s.id(), false, false);
    assertTrue(apply(plan(PlanMode.DESTROY, false).plan().orElseThrow()).succeeded());
    assertEquals(List.of(), cloud.servers());
    assertEquals(List.of(), cloud.sshKeys());
  }

  @Test
  void theSamePublicKeyUploadedByHandBecomesTheStacksKey() {
    SshKeyView mine = cloud.putSshKey("my-laptop", PUBLIC_KEY, Map.of());
    assertTrue(apply(plan()).succeeded());
    List<SshKeyView> keys = cloud.sshKeys();
    assertEquals(1, keys.size(), keys.toString());
    assertEquals(mine.id(), keys.get(0).id());
    assertEquals("it", keys.get(0).name());
    assertEquals(Map.of("nixinfra/stack", "it"), keys.get(0).labels());
    assertEquals(String.valueOf(mine.id()), current().resource(KEY).orElseThrow().id());
    assertTrue(plan().isEmpty(), "nothing left to change");
  }

  @Test
  void anOutageOfTheListingIsRetriedAndStillOneListingPerRefresh() {
    assertTrue(apply(plan()).succeeded());
    cloud.resetCounts();
    cloud.failNext("GET", "/servers", 2, 502, "bad_gateway");
    assertTrue(plan().isEmpty());
    assertEquals(3, cloud.countExact("GET", "/servers"), "two failures and the answer");
  }

  @Test
  void aServerDeletedOutsideIsDriftAndCreatedAgain() {
    assertTrue(apply(plan()).succeeded());
    ServerView gone = onlyServer();
    assertTrue(cloud.deleteServerOutside(gone.id()));
    Plan p = plan();
    assertEquals(ARM1, p.drift().get(0).address());
    assertTrue(p.drift().get(0).now().isEmpty());
    assertEquals(Action.CREATE, p.change(ARM1).orElseThrow().action());
    assertTrue(apply(p).succeeded());
    assertTrue(onlyServer().id() != gone.id());
  }

  @Test
  void labelsChangedOutsideAreDriftAndTheWholeSetIsPutBack() {
    assertTrue(apply(plan()).succeeded());
    ServerView s = onlyServer();
    cloud.putServer("intruder", "cx22", "fsn1", "ubuntu-24.04", Map.of()); // not ours: never touched
    cloud.updateLabelsOutside(s.id(), Map.of("nixinfra/stack", "it", "nixinfra/builder", "arm1", "owner", "ops"));
    Plan p = plan();
    assertEquals(Action.UPDATE, p.change(ARM1).orElseThrow().action());
    assertTrue(apply(p).succeeded());
    assertEquals(Map.of("nixinfra/stack", "it", "nixinfra/builder", "arm1"), cloud.server(s.id()).orElseThrow()
        .labels());
  }

  @Test
  void aServerTypeChangeHappensInPlace() {
    assertTrue(apply(plan()).succeeded());
    ServerView before = onlyServer();
    desired = desired("cax31");
    Plan p = plan();
    assertEquals(Action.UPDATE, p.change(ARM1).orElseThrow().action());
    assertTrue(apply(p).succeeded());
    ServerView after = onlyServer();
    assertEquals(before.id(), after.id());
    assertEquals("cax31", after.serverType());
    assertEquals("running", after.status());
    assertEquals(1, cloud.countExact("POST", "/servers/" + before.id() + "/actions/shutdown"));
    assertEquals(1, cloud.countExact("POST", "/servers/" + before.id() + "/actions/poweron"));
  }

  @Test
  void aTypeSoldOutInTheLocationIsAnErrorAtTheBuilder() {
    cloud.setAvailability("cax21", "nbg1", false);
    PlanOutcome out = plan(PlanMode.NORMAL, false);
    assertTrue(out.plan().isEmpty());
    Diagnostic d = out.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
    assertEquals("server type `cax21` cannot be ordered in nbg1 now", d.summary());
    assertTrue(d.detail().startsWith("It is available in: fsn1"), d.detail());
    assertEquals("nixinfra.yaml:5:3", d.location().orElseThrow().toString());
    assertEquals(0, cloud.countExact("POST", "/servers"));
  }

  @Test
  void twoServersWithOneBuildersLabelsAreOneAdoptedAndOneUnmanaged() {
    ServerView first = cloud.putServer("it-arm1", "cax21", "nbg1", "ubuntu-24.04",
        Map.of("nixinfra/stack", "it", "nixinfra/builder", "arm1"));
    ServerView second = cloud.putServer("it-arm1-copy", "cax21", "nbg1", "ubuntu-24.04",
        Map.of("nixinfra/stack", "it", "nixinfra/builder", "arm1"));
    PlanOutcome out = plan(PlanMode.NORMAL, false);
    Plan p = out.plan().orElseThrow();
    assertEquals(Set.of(ARM1), p.adopted());
    assertEquals(String.valueOf(first.id()), p.prior().resource(ARM1).orElseThrow().id(), "the one with its name");
    assertTrue(out.diagnostics().stream().anyMatch(d -> d.summary().startsWith("hcloud_server.arm1-" + second.id()
        + " (id " + second.id() + ") carries this stack's labels")), out.diagnostics().toString());
    assertFalse(p.change(Address.parse("hcloud_server.arm1-" + second.id())).isPresent(), "kept without --prune");
  }
}
