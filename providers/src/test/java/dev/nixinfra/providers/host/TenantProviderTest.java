package dev.nixinfra.providers.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.apply.Applier;
import dev.nixinfra.core.apply.ApplyListener;
import dev.nixinfra.core.apply.ApplyResult;
import dev.nixinfra.core.check.StepResult;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Action;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanOptions;
import dev.nixinfra.core.plan.PlanOutcome;
import dev.nixinfra.core.plan.Planner;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.testing.InMemoryStateStore;
import dev.nixinfra.providers.nix.ManagedBlock;
import dev.nixinfra.providers.nix.NixConfBlock;
import dev.nixinfra.providers.nixos.ModuleMarker;
import dev.nixinfra.providers.nixos.TenantModule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tenants of a shared builder on in-memory hosts: users, stores, keys, removal, NixOS modules and check pairs. */
class TenantProviderTest {
  static final String KEY = NixProviderTest.BUILDER_KEY;
  static final Address ALICE = Address.parse("tenant.big-alice");
  static final Address BOB = Address.parse("tenant.big-bob");
  static final String ALICE_STORE = "/var/lib/nixinfra/tenants/alice";
  static final String BOB_STORE = "/srv/tenants/bob";

  static String config(String os, boolean withBob) {
    return """
        stack: lab
        builders:
          big:
            host: big.lab
            os: %s
            host_key: %s
            systems: [x86_64-linux]
            max_jobs: 4
            tuning: { min_free: 1G, max_free: 4G }
            restart_command: /usr/local/bin/restart-nix
            tenants:
              alice: { clients: [alice-laptop], max_jobs: 8 }
        %s
        clients:
          alice-laptop: { kind: nix-linux, host: alice.lab, host_key: %s, builders: [big],
                          restart_command: /usr/local/bin/restart-nix }
          bob-ci: { kind: nix-linux, host: bob.lab, host_key: %s, builders: %s,
                    restart_command: /usr/local/bin/restart-nix }
        """.formatted(os, KEY,
        withBob ? "      bob: { clients: [bob-ci], store: " + BOB_STORE + ", tuning: { min_free: 2G } }" : "",
        KEY, KEY, withBob ? "[big]" : "all");
  }

  final FakeHosts hosts = new FakeHosts();
  final NixProvider provider = new NixProvider(hosts);
  final Providers providers = Providers.of(List.of(provider));
  final InMemoryStateStore store = new InMemoryStateStore();
  final OperationContext context = new OperationContext(ALICE, (a, l) -> {}, () -> false);

  FakeHost host(String name) {
    FakeHost h = new FakeHost(name, KEY);
    h.put(NixConfBlock.NIX_CONF, "sandbox = false\n");
    h.restartCommands.add("/usr/local/bin/restart-nix");
    hosts.put(name, h);
    return h;
  }

  FakeHost nixosBuilder() {
    FakeHost big = host("big.lab");
    big.nixVersion = "nix (Nix) 2.24.9";
    big.directories.add("/etc/nixos");
    big.put(NixosFiles.CONFIGURATION_NIX, NixosProviderTest.CONFIGURATION);
    return big;
  }

  PlanOutcome planOutcome(Desired d) {
    return new Planner(providers).plan(d, store.read().orElse(State.empty()), PlanOptions.defaults(), context);
  }

  Plan plan(Desired d) {
    PlanOutcome o = planOutcome(d);
    return o.plan().orElseThrow(() -> new AssertionError(o.diagnostics().toString()));
  }

  ApplyResult run(Desired d) {
    return new Applier(providers, store::write, new ApplyListener() { }, 2, () -> false, Duration.ofSeconds(10))
        .apply(plan(d));
  }

  void apply(Desired d) {
    ApplyResult r = run(d);
    assertTrue(r.succeeded(), r::toString);
  }

  static boolean noChanges(Plan p) {
    return p.changes().stream().allMatch(c -> c.action() == Action.NO_OP);
  }

  @Test
  void eachTenantGetsItsUserStoreAndKeysAndItsClientsLogInAsIt() {
    FakeHost big = host("big.lab");
    FakeHost alice = host("alice.lab");
    FakeHost bob = host("bob.lab");
    Desired d = NixProviderTest.desired(config("nix", true));
    apply(d);

    assertEquals("nixinfra-alice", big.stores.get(ALICE_STORE));
    assertEquals("nixinfra-bob", big.stores.get(BOB_STORE));
    String aliceKeys = ManagedBlock.read(big.text("/var/lib/nixinfra-alice/.ssh/authorized_keys")).orElseThrow();
    assertEquals("restrict,command=\"/usr/bin/nix-daemon --stdio --store " + ALICE_STORE
        + " --option min-free 1073741824 --option max-free 4294967296\" " + NixProviderTest.CLIENT_PUBLIC_KEY
        + " nixinfra@alice-laptop\n", aliceKeys, "only alice's client, forced to alice's store");
    assertEquals("nixinfra-alice", big.files.get("/var/lib/nixinfra-alice/.ssh/authorized_keys").owner());
    String bobKeys = ManagedBlock.read(big.text("/var/lib/nixinfra-bob/.ssh/authorized_keys")).orElseThrow();
    assertTrue(bobKeys.contains("--store " + BOB_STORE + " --option min-free 2147483648 --option max-free "
        + "4294967296\"") && bobKeys.endsWith(" nixinfra@bob-ci\n"), bobKeys);
    assertEquals("", ManagedBlock.read(big.text("/var/lib/remotebuild/.ssh/authorized_keys")).orElseThrow(),
        "no client reaches the shared store");
    String builderConf = ManagedBlock.read(big.text(NixConfBlock.NIX_CONF)).orElseThrow();
    assertFalse(builderConf.contains("nixinfra-alice"), "a tenant's user is never trusted by the shared daemon");

    String aliceMachines = alice.text(NixConfBlock.NIXINFRA_MACHINES);
    assertTrue(aliceMachines.contains("ssh-ng://nixinfra-alice@big.lab x86_64-linux /etc/nix/nixinfra_ed25519 8 "),
        aliceMachines);
    assertFalse(aliceMachines.contains("nixinfra-bob") || aliceMachines.contains("remotebuild@"), aliceMachines);
    String bobMachines = bob.text(NixConfBlock.NIXINFRA_MACHINES);
    assertTrue(bobMachines.contains("ssh-ng://nixinfra-bob@big.lab x86_64-linux /etc/nix/nixinfra_ed25519 4 "),
        bobMachines);

    assertTrue(noChanges(plan(d)), "refresh reads back what apply recorded");
  }

  @Test
  void removingATenantShowsItsStoreGoingAndDeletesItLeavingTheOthers() {
    FakeHost big = host("big.lab");
    host("alice.lab");
    FakeHost bob = host("bob.lab");
    apply(NixProviderTest.desired(config("nix", true)));
    String aliceKeys = big.text("/var/lib/nixinfra-alice/.ssh/authorized_keys");

    Desired withoutBob = NixProviderTest.desired(config("nix", false));
    PlanOutcome o = planOutcome(withoutBob);
    Plan p = o.plan().orElseThrow();
    assertEquals(Action.DELETE, p.change(BOB).orElseThrow().action());
    assertEquals(Action.NO_OP, p.change(ALICE).orElseThrow().action());
    Diagnostic warning = o.diagnostics().stream().filter(x -> x.summary().contains(BOB.toString()))
        .findFirst().orElseThrow(() -> new AssertionError(o.diagnostics().toString()));
    assertTrue(warning.summary().contains("its store " + BOB_STORE + " on big.lab"), warning.summary());

    apply(withoutBob);
    assertNull(big.stores.get(BOB_STORE));
    assertFalse(big.users.containsKey("nixinfra-bob"));
    assertEquals(List.of("nixinfra-bob"), big.killed);
    assertEquals("nixinfra-alice", big.stores.get(ALICE_STORE));
    assertEquals(aliceKeys, big.text("/var/lib/nixinfra-alice/.ssh/authorized_keys"));
    assertFalse(bob.text(NixConfBlock.NIXINFRA_MACHINES).contains("big.lab"),
        "bob-ci (builders: all) no longer uses big, whose tenants do not name it");
    assertTrue(noChanges(plan(withoutBob)));
  }

  @Test
  void aStoreThatWentAwayOrChangedHandsIsDriftThatApplyRepairs() {
    FakeHost big = host("big.lab");
    host("alice.lab");
    host("bob.lab");
    Desired d = NixProviderTest.desired(config("nix", true));
    apply(d);
    big.stores.remove(ALICE_STORE);
    big.stores.put(BOB_STORE, "root");
    Plan drifted = plan(d);
    assertEquals(Action.UPDATE, drifted.change(ALICE).orElseThrow().action());
    assertEquals(Action.UPDATE, drifted.change(BOB).orElseThrow().action());
    apply(d);
    assertEquals("nixinfra-alice", big.stores.get(ALICE_STORE));
    assertEquals("nixinfra-bob", big.stores.get(BOB_STORE));
    assertTrue(noChanges(plan(d)));
  }

  @Test
  void aBuilderWhoseUsersCannotSandboxIsRefusedBeforeAnythingIsWritten() {
    FakeHost big = host("big.lab");
    host("alice.lab");
    host("bob.lab");
    big.userNamespaceSettings = "-\n15000\n1\n";
    PlanOutcome o = planOutcome(NixProviderTest.desired(config("nix", true)));
    assertTrue(o.diagnostics().stream().anyMatch(x -> x.summary().equals(ALICE + ": AppArmor restricts them "
        + "(kernel.apparmor_restrict_unprivileged_userns = 1, Ubuntu's default), so the tenant's builds could not run "
        + "in their sandbox; apply refuses it until then")), "the plan says so: " + o.diagnostics());
    ApplyResult r = run(NixProviderTest.desired(config("nix", true)));
    assertFalse(r.succeeded());
    assertTrue(r.failures().stream().anyMatch(f -> f.address().equals(ALICE)
        && f.message().contains("AppArmor restricts them")), r.failures().toString());
    assertTrue(big.stores.isEmpty());
    assertFalse(big.users.containsKey("nixinfra-alice"));
  }

  @Test
  void tenantsOfOneNixosBuilderAppliedAtOnceChangeItsConfigurationOneAfterTheOther() {
    FakeHost big = nixosBuilder();
    host("alice.lab");
    host("bob.lab");
    big.configurationReadDelay = Duration.ofMillis(200);
    apply(NixProviderTest.desired(config("nixos", true))); // two applies at once: alice's and bob's tenants
    String configuration = big.text(NixosFiles.CONFIGURATION_NIX);
    assertTrue(configuration.contains("./nixinfra-tenant-big-alice.nix")
        && configuration.contains("./nixinfra-tenant-big-bob.nix"), configuration);
    assertEquals(3, big.switches, "the builder's module, then each tenant's");
  }

  @Test
  void onNixosTheTenantIsAModuleOfItsOwnAndItsStoreGoesWithIt() {
    FakeHost big = nixosBuilder();
    FakeHost alice = host("alice.lab");
    host("bob.lab");
    Desired d = NixProviderTest.desired(config("nixos", true));
    apply(d);
    String module = big.text(TenantModule.path("big-alice"));
    assertTrue(module.contains("users.users.nixinfra-alice = {")
        && module.contains("command=\\\"/run/current-system/sw/bin/nix-daemon --stdio --store " + ALICE_STORE),
        module);
    String configuration = big.text(NixosFiles.CONFIGURATION_NIX);
    assertTrue(configuration.contains("./nixinfra-tenant-big-alice.nix")
        && configuration.contains("./nixinfra-tenant-big-bob.nix"), configuration);
    assertEquals(ModuleMarker.expected(module).orElseThrow() + "\n",
        big.text(ModuleMarker.path(TenantModule.role("big-alice"))), "switched to the tenant's module");
    assertTrue(noChanges(plan(d)));

    // check's first step asks the builder whether the tenant's module is the active one.
    State s = store.read().orElseThrow();
    alice.script.put("ssh -o BatchMode=yes", new FakeHost.Answer(255, "", "stop here"));
    List<StepResult> steps = provider.check(s.resource(Address.parse("client.alice-laptop")).orElseThrow(),
        s.resource(Address.parse("client_key.alice-laptop")).orElseThrow(), s.resource(ALICE).orElseThrow(),
        context);
    assertEquals(TenantModule.path("big-alice") + " is active on big.lab",
        assertInstanceOf(StepResult.Passed.class, steps.get(0)).detail());
    big.put(ModuleMarker.path(TenantModule.role("big-alice")), "0".repeat(64) + "\n");
    steps = provider.check(s.resource(Address.parse("client.alice-laptop")).orElseThrow(),
        s.resource(Address.parse("client_key.alice-laptop")).orElseThrow(), s.resource(ALICE).orElseThrow(),
        context);
    assertTrue(assertInstanceOf(StepResult.Failed.class, steps.get(0)).cause()
        .contains("an older version of " + TenantModule.path("big-alice") + " is active on big.lab"));

    assertTrue(big.users.containsKey("nixinfra-bob"), "the switch declared the tenant's user");
    apply(NixProviderTest.desired(config("nixos", false)));
    assertNull(big.text(TenantModule.path("big-bob")));
    assertFalse(big.text(NixosFiles.CONFIGURATION_NIX).contains("nixinfra-tenant-big-bob"));
    assertNull(big.stores.get(BOB_STORE));
    assertFalse(big.users.containsKey("nixinfra-bob"), "the switch removed the user no module declares");
    assertTrue(big.text(NixosFiles.CONFIGURATION_NIX).contains("./nixinfra-tenant-big-alice.nix"));
    assertTrue(noChanges(plan(NixProviderTest.desired(config("nixos", false)))));
  }
}
