package dev.nixinfra.providers.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.check.CheckStep;
import dev.nixinfra.core.check.StepResult;
import dev.nixinfra.core.config.ConfigLoader;
import dev.nixinfra.core.config.Expander;
import dev.nixinfra.core.config.LoadResult;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.plan.Action;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanMode;
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
import dev.nixinfra.providers.nix.ManagedBlock;
import dev.nixinfra.providers.nix.NixConfBlock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NixProviderTest {
  static final String BUILDER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKHC3cRUMlbti3ICDfswDDDAdEJ5zT/zSRR/ZbigN2Mr";
  static final String CLIENT_PUBLIC_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
  static final String USER_NIX_CONF = "# Debian's nix.conf\nsandbox = false\naccess-tokens = github.com=ghp_secret\n";
  static final String HEADER =
      "# Managed by nixinfra, which rewrites this file on apply. Change nixinfra.yaml instead.\n";
  static final Address OFFICE = Address.parse("builder.office");
  static final Address LAPTOP = Address.parse("client.laptop");
  static final Address LAPTOP_KEY = Address.parse("client_key.laptop");

  final FakeHosts hosts = new FakeHosts();
  final NixProvider provider = new NixProvider(hosts);
  final Planner planner = new Planner(Providers.of(List.of(provider)));
  final OperationContext context = new OperationContext(OFFICE, (a, l) -> {}, () -> false);

  static Desired desired(String yaml) {
    LoadResult r = ConfigLoader.parse(yaml, "nixinfra.yaml", Map.of());
    assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
    return Expander.expand(r.config().orElseThrow());
  }

  static final String BUILDER_ONLY = """
      stack: lab
      builders:
        office:
          host: office.lab
          host_key: %s
          systems: [x86_64-linux]
          max_jobs: 4
          restart_command: /usr/local/bin/restart-nix
      """.formatted(BUILDER_KEY);

  FakeHost office() {
    FakeHost h = new FakeHost("office.lab", BUILDER_KEY);
    h.put(NixConfBlock.NIX_CONF, USER_NIX_CONF);
    h.restartCommands.add("/usr/local/bin/restart-nix");
    hosts.put("office.lab", h);
    return h;
  }

  Plan plan(Desired d, State s, PlanOptions options) {
    PlanOutcome o = planner.plan(d, s, options, context);
    assertTrue(o.plan().isPresent(), () -> o.diagnostics().toString());
    return o.plan().get();
  }

  Plan plan(Desired d, State s) {
    return plan(d, s, PlanOptions.defaults());
  }

  ResourceState apply(Plan p, Address a, State s) throws ProviderException {
    Change c = p.change(a).orElseThrow();
    return provider.apply(new ApplyRequest(a, s.resource(a), c.after().orElseThrow(), c.dependsOn()), context);
  }

  static boolean noChanges(Plan p) {
    return p.changes().stream().allMatch(c -> c.action() == Action.NO_OP);
  }

  @Test
  void builderCreateIsIdempotentDriftsAndDestroysCleanly() throws Exception {
    FakeHost h = office();
    Desired d = desired(BUILDER_ONLY);
    Plan first = plan(d, State.empty());
    assertEquals(Action.CREATE, first.change(OFFICE).orElseThrow().action());
    ResourceState applied = apply(first, OFFICE, State.empty());

    String nixConf = h.text(NixConfBlock.NIX_CONF);
    assertTrue(nixConf.startsWith(USER_NIX_CONF), nixConf);
    String block = ManagedBlock.read(nixConf).orElseThrow();
    assertEquals("extra-trusted-users = remotebuild\nmax-jobs = 4\n", block);
    assertEquals(USER_NIX_CONF, h.text(NixConfBlock.NIX_CONF + ".nixinfra-backup"));
    assertEquals(1, h.restarts);
    assertTrue(h.log.contains("/usr/local/bin/restart-nix"));
    assertEquals("/var/lib/remotebuild", h.users.get("remotebuild"));
    assertTrue(h.groups.get("remotebuild").contains("nix-users"));
    FakeHost.File keys = h.files.get("/var/lib/remotebuild/.ssh/authorized_keys");
    assertEquals("0600", keys.mode());
    assertEquals("remotebuild", keys.owner());
    assertEquals(true, applied.attributes().values().get("user_created"));
    assertEquals("2.8.0", applied.attributes().values().get("nix_version"));
    assertEquals(List.of("benchmark", "big-parallel", "kvm", "nixos-test"),
        applied.attributes().values().get("supported_features"));

    // Refresh reads back exactly what apply recorded: no changes, and a second apply writes nothing.
    State s = State.empty().with(applied);
    Plan again = plan(d, s);
    assertTrue(noChanges(again), () -> again.changes().toString());
    assertTrue(again.drift().isEmpty(), () -> again.drift().toString());
    int logged = h.log.size();
    ResourceState second = provider.apply(new ApplyRequest(OFFICE, Optional.of(applied),
        again.change(OFFICE).orElseThrow().after().orElseThrow(), Set.of()), context);
    assertEquals(applied.attributes(), second.attributes());
    assertEquals(1, h.restarts);
    assertTrue(h.log.subList(logged, h.log.size()).stream().noneMatch(l -> l.startsWith("write ")),
        () -> h.log.toString());

    // A hand edit inside the block is drift, and apply repairs it.
    h.put(NixConfBlock.NIX_CONF, nixConf.replace("max-jobs = 4", "max-jobs = 9"));
    Plan drifted = plan(d, s);
    assertFalse(drifted.drift().isEmpty());
    assertEquals(Action.UPDATE, drifted.change(OFFICE).orElseThrow().action());
    ResourceState repaired = apply(drifted, OFFICE, drifted.prior());
    assertEquals(nixConf, h.text(NixConfBlock.NIX_CONF));
    assertEquals(2, h.restarts);

    provider.delete(repaired, context);
    assertEquals(USER_NIX_CONF, h.text(NixConfBlock.NIX_CONF));
    assertNull(h.text(NixConfBlock.NIX_CONF + ".nixinfra-backup"));
    assertFalse(h.users.containsKey("remotebuild"));
    assertFalse(h.files.containsKey("/var/lib/remotebuild/.ssh/authorized_keys"));
    assertEquals(3, h.restarts);
  }

  @Test
  void destroyKeepsAPreExistingBuildUserAndItsOwnKeys() throws Exception {
    FakeHost h = office();
    h.users.put("remotebuild", "/home/remotebuild");
    h.directories.addAll(List.of("/home/remotebuild", "/home/remotebuild/.ssh"));
    String ownKeys = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOwn admin@desk\n";
    h.put("/home/remotebuild/.ssh/authorized_keys", ownKeys);
    h.socket = "root 666";
    Desired d = desired(BUILDER_ONLY);
    ResourceState applied = apply(plan(d, State.empty()), OFFICE, State.empty());
    assertFalse(applied.attributes().has("user_created"));
    assertTrue(h.text("/home/remotebuild/.ssh/authorized_keys").startsWith(ownKeys));
    assertTrue(h.log.stream().noneMatch(l -> l.startsWith("useradd") || l.startsWith("usermod")));

    provider.delete(applied, context);
    assertEquals(USER_NIX_CONF, h.text(NixConfBlock.NIX_CONF));
    assertEquals(ownKeys, h.text("/home/remotebuild/.ssh/authorized_keys"));
    assertTrue(h.users.containsKey("remotebuild"));
  }

  static final String CLIENT_CONFIG = """
      stack: lab
      builders:
        office:
          host: office.lab
          port: %d
          host_key: %s
          systems: [x86_64-linux]
          max_jobs: 4
          speed_factor: 1.5
          supported_features: [big-parallel]
      clients:
        laptop:
          kind: nix-linux
          host: laptop.lab
          builders: all
          max_jobs: 0
      """;

  FakeHost laptop(String version) {
    FakeHost h = new FakeHost("laptop.lab", null);
    h.nixVersion = version;
    h.put(NixConfBlock.NIX_CONF, USER_NIX_CONF);
    hosts.put("laptop.lab", h);
    return h;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> clientFiles(int port, String version) throws Exception {
    laptop(version);
    ResourceConfig rc = desired(CLIENT_CONFIG.formatted(port, BUILDER_KEY)).resources().get(LAPTOP);
    provider.refresh(new RefreshRequest(List.of(), List.of(rc), "lab"), context);
    Attributes planned = provider.plan(new PlanRequest(LAPTOP, rc.attributes(), Optional.empty()));
    return (Map<String, Object>) planned.values().get("files");
  }

  @Test
  void machinesLinesFollowTheClientsNixVersion() throws Exception {
    String b64 = MachinesFile.base64HostKey(BUILDER_KEY);
    Map<String, Object> old = clientFiles(22, "nix (Nix) 2.8.0");
    assertEquals(HEADER + "# office\nssh-ng://remotebuild@office.lab x86_64-linux "
        + "/etc/nix/nixinfra_ed25519 4 2 big-parallel - " + b64 + "\n", old.get(NixConfBlock.NIXINFRA_MACHINES));
    assertFalse(old.containsKey(FileEdits.SSH_ALIASES));
    assertEquals(FileEdits.block("builders = @/etc/nix/machines;@/etc/nix/nixinfra-machines\n"
        + "builders-use-substitutes = true\nmax-jobs = 0\n"), old.get(NixConfBlock.NIX_CONF));

    Map<String, Object> current = clientFiles(22, "nix (Nix) 2.24.9");
    assertEquals(HEADER + "# office\nssh-ng://remotebuild@office.lab x86_64-linux "
        + "/etc/nix/nixinfra_ed25519 4 1.5 big-parallel - " + b64 + "\n",
        current.get(NixConfBlock.NIXINFRA_MACHINES));

    Map<String, Object> otherPort = clientFiles(2222, "nix (Nix) 2.8.0");
    assertTrue(((String) otherPort.get(NixConfBlock.NIXINFRA_MACHINES))
        .contains("ssh-ng://remotebuild@nixinfra-office x86_64-linux"));
    assertEquals("Host nixinfra-office\n  HostName office.lab\n  Port 2222\n  HostKeyAlias nixinfra-office\n",
        otherPort.get(FileEdits.SSH_ALIASES));
  }

  @Test
  void clientAppliesAndDestroysItsFiles() throws Exception {
    FakeHost h = laptop("nix (Nix) 2.8.0");
    ResourceConfig rc = desired(CLIENT_CONFIG.formatted(2222, BUILDER_KEY)).resources().get(LAPTOP);
    provider.refresh(new RefreshRequest(List.of(), List.of(rc), "lab"), context);
    Attributes planned = provider.plan(new PlanRequest(LAPTOP, rc.attributes(), Optional.empty()));
    ResourceState applied = provider.apply(new ApplyRequest(LAPTOP, Optional.empty(), planned, Set.of()), context);
    assertEquals(planned.values().get("files"), applied.attributes().values().get("files"));
    assertTrue(h.text(FileEdits.SSH_ALIASES).contains("Port 2222"));
    assertEquals(1, h.restarts);
    assertTrue(h.log.contains("systemctl restart nix-daemon"));
    assertEquals(applied, provider.read(applied, context).orElseThrow());

    provider.delete(applied, context);
    assertEquals(USER_NIX_CONF, h.text(NixConfBlock.NIX_CONF));
    assertNull(h.text(NixConfBlock.NIXINFRA_MACHINES));
    assertNull(h.text(FileEdits.SSH_ALIASES));
    assertEquals(2, h.restarts);
  }

  @Test
  void clientKeyIsGeneratedOnceAndOnlyItsPublicHalfIsRead() throws Exception {
    FakeHost h = laptop("nix (Nix) 2.8.0");
    Attributes planned = Attributes.of(Map.of("host", "laptop.lab", "port", 22L,
        "key_path", "/etc/nix/nixinfra/id_ed25519"));
    ResourceState key = provider.apply(new ApplyRequest(LAPTOP_KEY, Optional.empty(), planned, Set.of()), context);
    assertEquals(CLIENT_PUBLIC_KEY + " nixinfra@laptop", key.attributes().values().get("public_key"));
    assertEquals(1, h.keysGenerated);
    assertTrue(h.directories.contains("/etc/nix/nixinfra"));
    ResourceState again = provider.apply(new ApplyRequest(LAPTOP_KEY, Optional.of(key), key.attributes(), Set.of()),
        context);
    assertEquals(key.attributes(), again.attributes());
    assertEquals(1, h.keysGenerated);
    assertFalse(h.log.contains("read /etc/nix/nixinfra/id_ed25519"));
    assertTrue(key.attributes().values().values().stream().noneMatch(v -> String.valueOf(v).contains("PRIVATE")));

    assertEquals(key, provider.read(key, context).orElseThrow());
    provider.delete(key, context);
    assertNull(h.text("/etc/nix/nixinfra/id_ed25519"));
    assertTrue(provider.read(key, context).isEmpty());
  }

  @Test
  void kvmOfferedOnAHostWithoutDevKvmIsAPlanWarning() {
    FakeHost h = office();
    h.kvm = false;
    String yaml = BUILDER_ONLY.replace("max_jobs: 4", "max_jobs: 4\n    supported_features: [kvm, big-parallel]");
    PlanOutcome out = planner.plan(desired(yaml), State.empty(), PlanOptions.defaults(), context);
    assertTrue(out.diagnostics().stream().anyMatch(d -> d.summary().equals(
        "builder.office offers the kvm feature, but its host has no /dev/kvm")), out.diagnostics().toString());
    h.kvm = true;
    PlanOutcome fine = planner.plan(desired(yaml), State.empty(), PlanOptions.defaults(), context);
    assertTrue(fine.diagnostics().stream().noneMatch(d -> d.summary().contains("/dev/kvm")),
        fine.diagnostics().toString());
  }

  @Test
  void aClientOfABuilderWhoseHostKeyIsUnknownPlansUnknownFiles() {
    String yaml = """
        stack: lab
        builders:
          office:
            host: office.lab
            systems: [x86_64-linux]
        clients:
          laptop:
            kind: nix-linux
            host: laptop.lab
            builders: all
        """;
    Plan p = plan(desired(yaml), State.empty(), new PlanOptions(PlanMode.NORMAL, false, Set.of(), Set.of(), false));
    Attributes after = p.change(LAPTOP).orElseThrow().after().orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> files = (Map<String, Object>) after.values().get("files");
    assertEquals(Unknown.VALUE, files.get(NixConfBlock.NIXINFRA_MACHINES));
    assertTrue(files.get(NixConfBlock.NIX_CONF) instanceof String); // does not depend on the builder
    @SuppressWarnings("unchecked")
    Map<String, Object> builderFiles = (Map<String, Object>) p.change(OFFICE).orElseThrow().after().orElseThrow()
        .values().get("files");
    assertEquals(Unknown.VALUE, builderFiles.get(NixConfBlock.NIX_CONF));
  }

  @Test
  void checkDiagnosesAnUntrustedBuildUserAndDoesNotBuild() {
    FakeHost h = laptop("nix (Nix) 2.24.9");
    h.script.put("ssh -o BatchMode=yes", new FakeHost.Answer(0, "", ""));
    h.script.put("nix --extra-experimental-features nix-command store info",
        new FakeHost.Answer(0, "Store URL: ssh-ng://remotebuild@office.lab\nVersion: 2.24.9\nTrusted: 0\n", ""));
    Map<String, Object> entry = new TreeMap<>(Map.of("builder", "office", "host", "office.lab", "port", 22L,
        "user", "remotebuild", "protocol", "ssh-ng", "systems", List.of("x86_64-linux"), "max_jobs", 4L,
        "speed_factor", 1L, "key_path", "/etc/nix/nixinfra_ed25519", "host_key", BUILDER_KEY));
    entry.put("supported_features", List.of());
    entry.put("mandatory_features", List.of());
    ResourceState client = new ResourceState(LAPTOP, "laptop.lab", Attributes.of(Map.of("host", "laptop.lab",
        "kind", "nix-linux", "nix_version", "2.24.9", "machines", List.of(entry))), false, Set.of());
    ResourceState key = new ResourceState(LAPTOP_KEY, "k", Attributes.of(Map.of("host", "laptop.lab",
        "key_path", "/etc/nix/nixinfra_ed25519", "public_key", CLIENT_PUBLIC_KEY)), false, Set.of());
    ResourceState builder = new ResourceState(OFFICE, "office.lab", Attributes.of(Map.of("host", "office.lab",
        "port", 22L, "user", "remotebuild", "host_key", BUILDER_KEY, "systems", List.of("x86_64-linux"))), false,
        Set.of());

    List<StepResult> r = provider.check(client, key, builder, context);
    StepResult.Passed modules = assertInstanceOf(StepResult.Passed.class, r.get(0));
    assertTrue(modules.detail().startsWith("no NixOS or nix-darwin module"), modules.detail());
    assertInstanceOf(StepResult.Passed.class, r.get(1));
    StepResult.Failed store = assertInstanceOf(StepResult.Failed.class, r.get(2));
    assertEquals(CheckStep.STORE, store.step());
    assertTrue(store.cause().contains("not in the builder's trusted-users"), store.cause());
    assertTrue(store.cause().contains("Trusted: 0"), store.cause());
    assertTrue(store.fix().contains("trusted-users"), store.fix());
    assertInstanceOf(StepResult.NotRun.class, r.get(3));
    assertTrue(h.log.stream().noneMatch(l -> l.contains("nix-build")));
    String known = h.log.stream().filter(l -> l.startsWith("write /tmp/nixinfra-check-")).findFirst().orElseThrow();
    assertFalse(h.files.containsKey(known.substring(6)), "the temporary known_hosts file is removed");
  }
}
