package dev.nixinfra.providers.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.check.CheckStep;
import dev.nixinfra.core.check.StepResult;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Action;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanOptions;
import dev.nixinfra.core.plan.PlanOutcome;
import dev.nixinfra.core.plan.Planner;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.PlanRequest;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.provider.RefreshRequest;
import dev.nixinfra.providers.nix.MachinesFile;
import dev.nixinfra.providers.nixos.BuilderModule;
import dev.nixinfra.providers.nixos.ClientModule;
import dev.nixinfra.providers.nixos.ImportLine;
import dev.nixinfra.providers.nixos.ModuleMarker;
import dev.nixinfra.providers.ssh.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** NixOS builders ({@code os: nixos}) and clients ({@code kind: nixos}) on in-memory NixOS hosts. */
class NixosProviderTest {
  static final Address OFFICE = NixProviderTest.OFFICE;
  static final Address LAPTOP = NixProviderTest.LAPTOP;
  static final String CONFIGURATION = """
      # Edit this configuration file to define what should be installed on
      # your system.
      { config, pkgs, ... }:

      {
        imports =
          [ # Include the results of the hardware scan.
            ./hardware-configuration.nix
          ];

        boot.loader.grub.enable = true;
        services.openssh.enable = true;
      }
      """;
  static final String CONF = NixosFiles.CONFIGURATION_NIX;
  static final String BACKUP = CONF + FileEdits.BACKUP_SUFFIX;

  static final String BUILDER = """
      stack: lab
      builders:
        office:
          host: office.lab
          os: nixos
          host_key: %s
          systems: [x86_64-linux]
          max_jobs: 4
      """.formatted(NixProviderTest.BUILDER_KEY);

  final FakeHosts hosts = new FakeHosts();
  final NixProvider provider = new NixProvider(hosts);
  final Planner planner = new Planner(Providers.of(List.of(provider)));
  final OperationContext context = new OperationContext(OFFICE, (a, l) -> {}, () -> false);

  FakeHost nixos(String name, String hostKey) {
    FakeHost h = new FakeHost(name, hostKey);
    h.nixVersion = "nix (Nix) 2.24.9";
    h.directories.add("/etc/nixos");
    h.put(CONF, CONFIGURATION);
    hosts.put(name, h);
    return h;
  }

  Plan plan(Desired d, State s) {
    PlanOutcome o = planner.plan(d, s, PlanOptions.defaults(), context);
    assertTrue(o.plan().isPresent(), () -> o.diagnostics().toString());
    return o.plan().get();
  }

  ResourceState apply(Plan p, Address a, State s) throws ProviderException {
    Change c = p.change(a).orElseThrow();
    return provider.apply(new ApplyRequest(a, s.resource(a), c.after().orElseThrow(), c.dependsOn()), context);
  }

  @Test
  void builderModuleIsImportedOnceSwitchedIdempotentAndDestroyedByteForByte() throws Exception {
    FakeHost h = nixos("office.lab", NixProviderTest.BUILDER_KEY);
    Desired d = NixProviderTest.desired(BUILDER);
    Plan first = plan(d, State.empty());
    assertEquals(Action.CREATE, first.change(OFFICE).orElseThrow().action());
    assertTrue(provider.review(first.change(OFFICE).orElseThrow()).isEmpty());
    ResourceState applied = apply(first, OFFICE, State.empty());

    String module = h.text(BuilderModule.PATH);
    assertTrue(module.contains("users.users.remotebuild = {"), module);
    assertTrue(module.contains("nix.settings.trusted-users = [ \"remotebuild\" ];"), module);
    assertTrue(module.contains("nix.settings.max-jobs = 4;"), module);
    String conf = h.text(CONF);
    assertTrue(ImportLine.isImported(conf, BuilderModule.IMPORT), conf);
    assertEquals(1, conf.split("nixinfra-builder\\.nix", -1).length - 1, conf);
    assertEquals(ImportLine.remove(conf, BuilderModule.IMPORT), CONFIGURATION);
    assertEquals(CONFIGURATION, h.text(BACKUP));
    assertEquals(1, h.switches);
    assertEquals(0, h.rollbacks);
    assertTrue(h.log.contains("true"), h.log.toString());
    Map<?, ?> files = (Map<?, ?>) applied.attributes().values().get("files");
    assertEquals(Map.of(CONF, "imports ./nixinfra-builder.nix", BuilderModule.PATH, module), files);
    assertEquals("/run/current-system/sw/bin/nix-daemon", applied.attributes().values().get("nix_daemon"));

    // Refresh reads back what apply recorded: the planner plans no changes; a second apply changes nothing.
    State s = State.empty().with(applied);
    Plan again = plan(d, s);
    assertTrue(NixProviderTest.noChanges(again), () -> again.changes().toString());
    assertTrue(again.drift().isEmpty(), () -> again.drift().toString());
    int logged = h.log.size();
    ResourceState second = provider.apply(new ApplyRequest(OFFICE, Optional.of(applied),
        again.change(OFFICE).orElseThrow().after().orElseThrow(), Set.of()), context);
    assertEquals(applied.attributes(), second.attributes());
    assertEquals(1, h.switches);
    assertTrue(h.log.subList(logged, h.log.size()).stream().noneMatch(l -> l.startsWith("write ")
        || l.startsWith("cp ")), () -> h.log.toString());
    assertEquals(conf, h.text(CONF));
    assertEquals(CONFIGURATION, h.text(BACKUP));

    // The user drops the import by hand: drift, and apply imports it again (the backup is still the original).
    h.put(CONF, CONFIGURATION);
    Plan drifted = plan(d, s);
    assertFalse(drifted.drift().isEmpty());
    assertEquals(Action.UPDATE, drifted.change(OFFICE).orElseThrow().action());
    ResourceState repaired = apply(drifted, OFFICE, drifted.prior());
    assertEquals(conf, h.text(CONF));
    assertEquals(CONFIGURATION, h.text(BACKUP));
    assertEquals(2, h.switches);

    provider.delete(repaired, context);
    assertEquals(CONFIGURATION, h.text(CONF));
    assertNull(h.text(BACKUP));
    assertNull(h.text(BuilderModule.PATH));
    assertEquals(3, h.switches);
  }

  /**
   * A NixOS builder's {@code system-features} read back after apply: the module's
   * {@code nix.settings.system-features} (when declared features add to NixOS's defaults) is what Nix reports after
   * the switch, so refresh must not take it for the host's own list. Both with features in the config and without
   * (computed from the host's own), the plan after apply has no changes and the own features stay the host's.
   */
  @Test
  void builderFeaturesGivenOrNotPlanNoChangesAfterApply() throws Exception {
    String own = "benchmark big-parallel kvm nixos-test";
    List<String> ownList = List.of(own.split(" "));
    for (String features : List.of("    supported_features: [big-parallel, kvm, cuda]\n",
        "    supported_features: [big-parallel]\n", "    mandatory_features: [cuda]\n"
            + "    supported_features: [cuda]\n", "")) {
      hosts.clear();
      FakeHost h = nixos("office.lab", NixProviderTest.BUILDER_KEY);
      h.systemFeatures = own;
      Desired d = NixProviderTest.desired(BUILDER + features);
      ResourceState applied = apply(plan(d, State.empty()), OFFICE, State.empty());
      assertEquals(ownList, applied.attributes().values().get(Planning.OWN_FEATURES), features);
      boolean adds = features.contains("cuda");
      assertEquals(adds, h.text(BuilderModule.PATH).contains("nix.settings.system-features"), features);
      assertEquals(adds ? "benchmark big-parallel cuda kvm nixos-test" : own, h.systemFeatures, features);
      if (features.isEmpty()) {
        assertEquals(ownList, applied.attributes().values().get("supported_features"), "computed from the host's");
      }

      State s = State.empty().with(applied);
      Plan again = plan(d, s);
      assertTrue(NixProviderTest.noChanges(again), () -> features + again.changes());
      assertTrue(again.drift().isEmpty(), () -> features + again.drift());
      assertEquals(ownList, again.change(OFFICE).orElseThrow().after().orElseThrow().values()
          .get(Planning.OWN_FEATURES), features);
      ResourceState refreshed = again.prior().resource(OFFICE).orElseThrow();
      assertEquals(ownList, refreshed.attributes().values().get(Planning.OWN_FEATURES), features);
      assertEquals(1, h.switches, features);
    }
  }

  @Test
  void aSwitchThatLocksNixinfraOutIsRolledBack() throws Exception {
    FakeHost h = nixos("office.lab", NixProviderTest.BUILDER_KEY);
    h.lockedOutBySwitch = true;
    Plan first = plan(NixProviderTest.desired(BUILDER), State.empty());
    ProviderException e = assertThrows(ProviderException.class, () -> apply(first, OFFICE, State.empty()));
    assertTrue(e.getMessage().contains("could not log in on a new SSH connection"), e.getMessage());
    assertTrue(e.getMessage().contains("nixos-rebuild switch --rollback"), e.getMessage());
    assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    assertEquals(1, h.rollbacks);
    assertTrue(h.log.indexOf("nixos-rebuild switch") < h.log.indexOf("nixos-rebuild switch --rollback"));
    assertEquals(CONFIGURATION, h.text(CONF));
    assertNull(h.text(BACKUP));
    assertNull(h.text(BuilderModule.PATH));
  }

  @Test
  void aFailingSwitchSaysSoAndDoesNotRollBack() throws Exception {
    FakeHost h = nixos("office.lab", NixProviderTest.BUILDER_KEY);
    h.script.put("nixos-rebuild switch", new FakeHost.Answer(1, "", "error: undefined variable 'foo'\n"));
    Plan first = plan(NixProviderTest.desired(BUILDER), State.empty());
    ProviderException e = assertThrows(ProviderException.class, () -> apply(first, OFFICE, State.empty()));
    assertTrue(e.getMessage().contains("nixos-rebuild switch failed"), e.getMessage());
    assertTrue(e.getMessage().contains("undefined variable"), e.getMessage());
    assertEquals(0, h.rollbacks);
    assertFalse(h.log.contains("true"));
  }

  @Test
  void aFlakeHostGetsTheModuleAndTheImportLineToAddButNoEdit() throws Exception {
    FakeHost h = nixos("office.lab", NixProviderTest.BUILDER_KEY);
    String flake = "{ outputs = { self, nixpkgs }: { }; }\n";
    h.put(NixosFiles.FLAKE_NIX, flake);
    Plan first = plan(NixProviderTest.desired(BUILDER), State.empty());
    ProviderException e = assertThrows(ProviderException.class, () -> apply(first, OFFICE, State.empty()));
    assertTrue(e.getMessage().endsWith(ImportLine.flakeGuidance(BuilderModule.IMPORT)), e.getMessage());
    assertTrue(e.getMessage().contains("imports = [ ./nixinfra-builder.nix ];"), e.getMessage());
    assertTrue(h.text(BuilderModule.PATH).contains("users.users.remotebuild"));
    assertEquals(CONFIGURATION, h.text(CONF));
    assertEquals(flake, h.text(NixosFiles.FLAKE_NIX));
    assertNull(h.text(BACKUP));
    assertEquals(0, h.switches);
  }

  /**
   * Once the user's flake imports the module, apply records it and leaves the switch to the user; the plan then
   * has no changes, check says whether the module is active, and destroy empties the module the flake still names.
   */
  @Test
  void aFlakeThatImportsTheModuleConvergesWithoutSwitchAndCheckTellsWhetherItIsActive() throws Exception {
    FakeHost h = nixos("office.lab", NixProviderTest.BUILDER_KEY);
    String flake = """
        {
          outputs = { self, nixpkgs }: {
            # the user added nixinfra's module to their host:
            nixosConfigurations.office = nixpkgs.lib.nixosSystem {
              modules = [ ./configuration.nix ./nixinfra-builder.nix ];
            };
          };
        }
        """;
    h.put(NixosFiles.FLAKE_NIX, flake);
    Desired d = NixProviderTest.desired(BUILDER);
    Plan first = plan(d, State.empty());
    Map<?, ?> planned = (Map<?, ?>) first.change(OFFICE).orElseThrow().after().orElseThrow().values().get("files");
    assertEquals("imports ./nixinfra-builder.nix", planned.get(NixosFiles.FLAKE_NIX), planned.toString());
    assertFalse(planned.containsKey(CONF), "configuration.nix is not touched on a flake host");
    List<String> said = new java.util.ArrayList<>();
    OperationContext listening = new OperationContext(OFFICE, (a, l) -> said.add(l), () -> false);
    Change c = first.change(OFFICE).orElseThrow();
    ResourceState applied = provider.apply(new ApplyRequest(OFFICE, Optional.empty(), c.after().orElseThrow(),
        c.dependsOn()), listening);
    assertEquals(0, h.switches, "nixinfra never switches a flake");
    assertEquals(flake, h.text(NixosFiles.FLAKE_NIX));
    assertEquals(CONFIGURATION, h.text(CONF));
    assertTrue(said.stream().anyMatch(l -> l.contains("run nixos-rebuild switch on office.lab to activate it")),
        said.toString());
    State s = State.empty().with(applied);
    Plan again = plan(d, s);
    assertTrue(NixProviderTest.noChanges(again), () -> again.changes().toString());

    // Not switched yet: check's first step says so and how to fix it; after the user's switch it passes.
    ResourceState client = new ResourceState(LAPTOP, "laptop.lab", Attributes.of(Map.of("host", "office.lab",
        "kind", "nixos", "files", Map.of())), false, Set.of());
    StepResult.Failed pending = assertInstanceOf(StepResult.Failed.class,
        ModuleActivity.check(client, () -> h, applied, () -> h, java.time.Duration.ofSeconds(1)));
    assertTrue(pending.cause().contains("is not part of the system running on office.lab"), pending.cause());
    assertEquals("your flake imports it: run nixos-rebuild switch on office.lab", pending.fix());
    h.put(ModuleMarker.path("builder"), ModuleMarker.expected(h.text(BuilderModule.PATH)).orElseThrow() + "\n");
    assertInstanceOf(StepResult.Passed.class,
        ModuleActivity.check(client, () -> h, applied, () -> h, java.time.Duration.ofSeconds(1)));

    // The user drops the import from the flake: drift; apply then explains again what to add.
    h.put(NixosFiles.FLAKE_NIX, flake.replace(" ./nixinfra-builder.nix", ""));
    Plan drifted = plan(d, s);
    assertFalse(drifted.drift().isEmpty());
    ProviderException e = assertThrows(ProviderException.class, () -> apply(drifted, OFFICE, drifted.prior()));
    assertTrue(e.getMessage().endsWith(ImportLine.flakeGuidance(BuilderModule.IMPORT)), e.getMessage());

    // Destroy while the flake names the module again: the module is emptied, so the flake still evaluates.
    h.put(NixosFiles.FLAKE_NIX, flake);
    provider.delete(applied, context);
    assertEquals(NixosOperations.EMPTY_MODULE, h.text(BuilderModule.PATH));
    assertEquals(flake, h.text(NixosFiles.FLAKE_NIX));
    assertEquals(CONFIGURATION, h.text(CONF));
    assertEquals(0, h.switches);
  }

  static final String CLIENT = client("nixos");

  /** The builder office and the client laptop of {@code kind}, which uses it and builds nothing itself. */
  static String client(String kind) {
    return """
        stack: lab
        builders:
          office:
            host: office.lab
            host_key: %s
            systems: [x86_64-linux]
            max_jobs: 4
            supported_features: [big-parallel]
        clients:
          laptop:
            kind: %s
            host: laptop.lab
            builders: all
            max_jobs: 0
        """.formatted(NixProviderTest.BUILDER_KEY, kind);
  }

  @Test
  void aNixosClientGetsBuildMachinesWithTheBuildersHostKey() throws Exception {
    FakeHost h = nixos("laptop.lab", null);
    ResourceConfig rc = NixProviderTest.desired(CLIENT).resources().get(LAPTOP);
    provider.refresh(new RefreshRequest(List.of(), List.of(rc), "lab"), context);
    Attributes planned = provider.plan(new PlanRequest(LAPTOP, rc.attributes(), Optional.empty()));
    Map<?, ?> files = (Map<?, ?>) planned.values().get("files");
    String module = (String) files.get(ClientModule.NIXOS_PATH);
    assertTrue(module.contains("nix.distributedBuilds = true;"), module);
    assertTrue(module.contains("hostName = \"office.lab\";"), module);
    assertTrue(module.contains("publicHostKey = \"" + MachinesFile.base64HostKey(NixProviderTest.BUILDER_KEY)
        + "\";"), module);
    assertTrue(module.contains("nix.settings.max-jobs = 0;"), module);
    assertEquals("imports ./nixinfra-client.nix", files.get(CONF));

    ResourceState applied = provider.apply(new ApplyRequest(LAPTOP, Optional.empty(), planned, Set.of()), context);
    assertEquals(module, h.text(ClientModule.NIXOS_PATH));
    assertTrue(ImportLine.isImported(h.text(CONF), ClientModule.IMPORT));
    assertEquals(1, h.switches);
    assertEquals(applied, provider.read(applied, context).orElseThrow());

    provider.delete(applied, context);
    assertEquals(CONFIGURATION, h.text(CONF));
    assertNull(h.text(ClientModule.NIXOS_PATH));
    assertNull(h.text(BACKUP));
    assertEquals(2, h.switches);
    assertFalse(h.files.containsKey("/etc/nix/nixinfra-machines"));
  }

  /** Check's first step: the modules the running systems were built from, read from their activity markers. */
  @Test
  void checkTellsWhetherTheModulesAreActive() throws Exception {
    FakeHost office = nixos("office.lab", NixProviderTest.BUILDER_KEY);
    FakeHost laptop = nixos("laptop.lab", null);
    ResourceState builder = apply(plan(NixProviderTest.desired(BUILDER), State.empty()), OFFICE, State.empty());
    ResourceConfig rc = NixProviderTest.desired(CLIENT).resources().get(LAPTOP);
    provider.refresh(new RefreshRequest(List.of(), List.of(rc), "lab"), context);
    Attributes planned = provider.plan(new PlanRequest(LAPTOP, rc.attributes(), Optional.empty()));
    ResourceState client = provider.apply(new ApplyRequest(LAPTOP, Optional.empty(), planned, Set.of()), context);
    ResourceState key = new ResourceState(NixProviderTest.LAPTOP_KEY, "k", Attributes.of(Map.of("host", "laptop.lab",
        "key_path", "/etc/nix/nixinfra_ed25519", "public_key", NixProviderTest.CLIENT_PUBLIC_KEY)), false, Set.of());
    laptop.script.put("ssh -o BatchMode=yes", new FakeHost.Answer(0, "", ""));
    laptop.script.put("nix --extra-experimental-features nix-command store info",
        new FakeHost.Answer(0, "Version: 2.24.9\nTrusted: 1\n", ""));
    laptop.script.put("PATH=\"$PATH:/nix/var/nix/profiles/default/bin\" nix-build",
        new FakeHost.Answer(1, "", "error: stop here"));

    StepResult.Passed active = assertInstanceOf(StepResult.Passed.class,
        provider.check(client, key, builder, context).get(0));
    assertEquals(CheckStep.MODULES, active.step());
    assertEquals(BuilderModule.PATH + " is active on office.lab; " + ClientModule.NIXOS_PATH
        + " is active on laptop.lab", active.detail());

    // The module was rewritten but the system not switched: an older version is active.
    String current = office.text(ModuleMarker.path("builder"));
    office.put(ModuleMarker.path("builder"), "0".repeat(64) + "\n");
    List<StepResult> stale = provider.check(client, key, builder, context);
    StepResult.Failed older = assertInstanceOf(StepResult.Failed.class, stale.get(0));
    assertTrue(older.cause().contains("an older version of " + BuilderModule.PATH + " is active on office.lab"),
        older.cause());
    assertEquals("run nixos-rebuild switch on office.lab, or nixinfra apply", older.fix());
    assertInstanceOf(StepResult.NotRun.class, stale.get(1));

    // Not part of the running system at all (the import was never switched to).
    office.put(ModuleMarker.path("builder"), current);
    laptop.files.remove(ModuleMarker.path("client"));
    StepResult.Failed absent = assertInstanceOf(StepResult.Failed.class,
        provider.check(client, key, builder, context).get(0));
    assertTrue(absent.cause().contains("client.laptop: nixinfra's module " + ClientModule.NIXOS_PATH
        + " is not part of the system running on laptop.lab"), absent.cause());
    assertTrue(absent.fix().contains("nixinfra apply"), absent.fix());
  }
}
