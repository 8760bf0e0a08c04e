package dev.nixinfra.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.cli.lab.ExecResult;
import dev.nixinfra.cli.lab.FleetLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Two tenants share one builder in the fleet lab (real OpenSSH, real Nix 2.8): the packaged jar gives each its user,
 * keys and store; each tenant's client builds through its tenant only, into that tenant's store; what one tenant
 * built is neither in the other's store nor fetchable by the other; the same derivation is built once per store;
 * a tenant collects garbage in its own store only, on demand and by its own thresholds; removing a tenant deletes its
 * store and user and leaves the other working; the legacy protocol serves the tenant's store too; destroy leaves the
 * hosts as they were. host1 is the builder, host2 alice's client, host3 bob's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class TenantsEndToEndIT {
  private static final List<String> WATCHED = List.of("/etc/nix/nix.conf", "/etc/nix/nixinfra-machines",
      "/etc/nix/machines", "/etc/passwd", "/etc/group");
  private static final String ALICE_STORE = "/var/lib/nixinfra/tenants/alice";
  private static final String BOB_STORE = "/var/lib/nixinfra/tenants/bob";
  private static final String KEY = "/etc/nix/nixinfra_ed25519";
  private static LabRun run;
  private static FleetLab lab;
  private static Path dir;
  /** Outputs built so far, by what they are. */
  private static final Map<String, String> built = new HashMap<>();

  @BeforeAll
  static void up() throws Exception {
    run = LabRun.start("tenants-e2e", 3, WATCHED);
    lab = run.lab();
    dir = run.dir();
    writeConfig(true);
  }

  @AfterAll
  static void down() {
    if (run != null) {
      run.close();
    }
  }

  /** big (host1) shared by alice (host2's client) and, while {@code withBob}, bob (host3's client). */
  private static void writeConfig(boolean withBob) throws Exception {
    writeConfig(withBob, "", "ssh-ng");
  }

  /**
   * @param aliceTuning alice's {@code tuning:} block, or empty
   * @param protocol the builder's protocol, for every tenant
   */
  private static void writeConfig(boolean withBob, String aliceTuning, String protocol) throws Exception {
    String yaml = """
        stack: tenants
        state: { path: state.json }
        ssh:
          identity: %s
          known_hosts: %s
        builders:
          big:
            host: %s
            systems: [x86_64-linux]
            max_jobs: 2
            protocol: %s
            restart_command: %s
            tenants:
              alice: { clients: [alice-laptop], max_jobs: 2%s }
        %s
        clients:
          alice-laptop:
            kind: nix-linux
            host: %s
            builders: [big]
            max_jobs: 0
            restart_command: %s
          bob-ci:
            kind: nix-linux
            host: %s
            builders: all
            max_jobs: 0
            restart_command: %s
        """.formatted(lab.adminKey(), lab.knownHosts(), lab.host("host1").address(), protocol,
        FleetLab.RESTART_COMMAND, aliceTuning.isEmpty() ? "" : ", tuning: " + aliceTuning,
        withBob ? "      bob: { clients: [bob-ci] }" : "", lab.host("host2").address(), FleetLab.RESTART_COMMAND,
        lab.host("host3").address(), FleetLab.RESTART_COMMAND);
    Files.writeString(dir.resolve("nixinfra.yaml"), yaml);
  }

  private static NixinfraProcess.Result nixinfra(String... args) throws Exception {
    return run.nixinfra(args);
  }

  /**
   * Builds {@code expression} on {@code client} with no local build slots (so only through its machines entry) and
   * returns the output path; the build log must say it was built on {@code tenant}'s user.
   */
  private static String build(String client, String tenant, String expression) {
    return build(client, "ssh-ng", tenant, expression);
  }

  private static String build(String client, String scheme, String tenant, String expression) {
    ExecResult r = lab.exec(Duration.ofSeconds(300), client, "sh", "-c",
        "nix-build --no-out-link --max-jobs 0 -E '" + expression + "'");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("' on '" + scheme + "://nixinfra-" + tenant + "@" + lab.host("host1").address()
        + "'"), "built through the tenant: " + r);
    return r.stdout().strip();
  }

  /** A derivation that needs no nixpkgs; its sandbox gets /bin/sh from the builder's sandbox-paths. */
  private static String derivation(String name, String extra, String script) {
    return "derivation { name = \"" + name + "\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; " + extra
        + " args = [ \"-c\" \"" + script + "\" ]; }";
  }

  private static boolean onBuilder(String path) {
    return lab.exec("host1", "test", "-e", path).ok();
  }

  private static String storeUri(String tenant) {
    String hostKey = lab.host("host1").hostKey().split(" ")[0] + " " + lab.host("host1").hostKey().split(" ")[1];
    return "ssh-ng://nixinfra-" + tenant + "@" + lab.host("host1").address() + "?ssh-key=" + KEY
        + "&base64-ssh-public-host-key=" + Base64.getEncoder().encodeToString(hostKey.getBytes());
  }

  @Test
  @Order(1)
  void applyGivesEachTenantItsUserStoreAndKeysAndCheckGoesThroughEach() throws Exception {
    NixinfraProcess.Result r = nixinfra("plan");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("tenant.big-alice will be created") && r.out().contains("tenant.big-bob will be "
        + "created"), r.toString());
    r = nixinfra("apply", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Apply complete! Resources: 7 added, 0 changed, 0 destroyed."), r.toString());

    assertEquals("nixinfra-alice 700\nnixinfra-bob 700",
        lab.exec("host1", "stat", "-c", "%U %a", ALICE_STORE, BOB_STORE).stdout().strip());
    String aliceKeys = lab.exec("host1", "cat", "/var/lib/nixinfra-alice/.ssh/authorized_keys").stdout();
    assertTrue(aliceKeys.contains("restrict,command=\"/usr/bin/nix-daemon --stdio --store " + ALICE_STORE + "\" ")
        && aliceKeys.contains(" nixinfra@alice-laptop") && !aliceKeys.contains("bob-ci"), aliceKeys);
    assertFalse(lab.exec("host1", "grep", "-q", "nixinfra@", "/var/lib/remotebuild/.ssh/authorized_keys").ok(),
        "no client logs in to the shared store");
    String machines = lab.exec("host2", "cat", "/etc/nix/nixinfra-machines").stdout();
    assertTrue(machines.contains("ssh-ng://nixinfra-alice@" + lab.host("host1").address() + " "), machines);

    r = nixinfra("check");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("2 of 2 checks passed."), r.toString());
    assertTrue(r.out().contains("big-alice  big-bob"), "one check per tenant: " + r);
    r = nixinfra("plan", "--detailed-exitcode");
    assertEquals(0, r.exit(), "no changes after apply: " + r);
  }

  @Test
  @Order(2)
  void aDerivationThatDiffersOnlyInTenantIsBuiltInEachTenantsStoreAndNowhereElse() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String alice = build("host2", "alice",
        derivation("tenant-" + id, "tenant = \"alice\";", "echo built for $tenant > $out"));
    String bob = build("host3", "bob",
        derivation("tenant-" + id, "tenant = \"bob\";", "echo built for $tenant > $out"));
    assertNotEquals(alice, bob);
    assertTrue(onBuilder(ALICE_STORE + alice), alice + " is in alice's store");
    assertFalse(onBuilder(BOB_STORE + alice), alice + " is not in bob's store");
    assertFalse(onBuilder(alice), alice + " is not in the builder's shared store");
    assertTrue(onBuilder(BOB_STORE + bob));
    assertFalse(onBuilder(ALICE_STORE + bob));
    assertFalse(onBuilder(bob));
    assertEquals("built for alice", lab.exec("host2", "cat", alice).stdout().strip());
    built.put("alice", alice);
    built.put("bob", bob);
  }

  @Test
  @Order(3)
  void theSameDerivationIsBuiltOnceInEachStoreNeverShared() {
    // Impure on purpose: were bob's build served from alice's store, both would hold the same random value.
    String expression = derivation("same-" + UUID.randomUUID().toString().substring(0, 8), "",
        "cat /proc/sys/kernel/random/uuid > $out");
    String forAlice = build("host2", "alice", expression);
    String forBob = build("host3", "bob", expression);
    assertEquals(forAlice, forBob, "one derivation, one store path");
    String inAlice = lab.exec("host1", "cat", ALICE_STORE + forAlice).stdout();
    String inBob = lab.exec("host1", "cat", BOB_STORE + forBob).stdout();
    assertNotEquals(inAlice, inBob, "two builds, one per store");
    assertEquals(inAlice, lab.exec("host2", "cat", forAlice).stdout());
    assertEquals(inBob, lab.exec("host3", "cat", forBob).stdout());
  }

  @Test
  @Order(4)
  void bobCannotFetchAlicesOutputNorLogInAsAlice() {
    String alice = built.get("alice");
    ExecResult copy = lab.exec(Duration.ofSeconds(120), "host3", "nix", "copy", "--no-check-sigs", "--from",
        storeUri("bob"), alice);
    assertNotEquals(0, copy.exitCode(), copy::toString);
    assertTrue(copy.stderr().contains("is required, but there is no substituter that can build it"),
        "Nix 2.8's words for a path the source store does not have: " + copy);
    assertFalse(lab.exec("host3", "test", "-e", alice).ok());
    ExecResult info = lab.exec(Duration.ofSeconds(120), "host3", "nix", "path-info", "--store", storeUri("bob"),
        alice);
    assertNotEquals(0, info.exitCode(), info::toString);
    assertTrue(info.stderr().contains("path '" + alice + "' is not valid"), info::toString);
    ExecResult control = lab.exec(Duration.ofSeconds(120), "host3", "nix", "path-info", "--store", storeUri("bob"),
        built.get("bob"));
    assertEquals(0, control.exitCode(), "bob's store answers bob's client: " + control);
    ExecResult asAlice = lab.exec("host3", "sh", "-c", "ssh -o BatchMode=yes -o StrictHostKeyChecking=no "
        + "-o UserKnownHostsFile=/dev/null -i " + KEY + " nixinfra-alice@" + lab.host("host1").address()
        + " </dev/null");
    assertEquals(255, asAlice.exitCode(), asAlice::toString);
    assertTrue(asAlice.stderr().contains("Permission denied"), asAlice::toString);
    ExecResult shared = lab.exec("host3", "sh", "-c", "ssh -o BatchMode=yes -o StrictHostKeyChecking=no "
        + "-o UserKnownHostsFile=/dev/null -i " + KEY + " remotebuild@" + lab.host("host1").address()
        + " </dev/null");
    assertEquals(255, shared.exitCode(), "nor as the shared build user: " + shared);
  }

  @Test
  @Order(5)
  void aTenantCollectsGarbageInItsOwnStoreOnly() {
    ExecResult gc = lab.exec(Duration.ofSeconds(120), "host2", "nix", "store", "gc", "--store", storeUri("alice"));
    assertEquals(0, gc.exitCode(), gc::toString);
    assertFalse(onBuilder(ALICE_STORE + built.get("alice")), "alice's unreferenced output is collected");
    assertTrue(onBuilder(BOB_STORE + built.get("bob")), "bob's store is untouched");
    ExecResult gcOther = lab.exec(Duration.ofSeconds(120), "host2", "nix", "store", "gc", "--store",
        storeUri("bob"));
    assertNotEquals(0, gcOther.exitCode(), "alice's client cannot reach bob's store: " + gcOther);
    assertTrue(onBuilder(BOB_STORE + built.get("bob")));
  }

  @Test
  @Order(6)
  void aTenantsOwnThresholdsCollectItsStoreWhileItBuilds() throws Exception {
    String earlier = build("host2", "alice", derivation("earlier-" + UUID.randomUUID().toString().substring(0, 8),
        "", "echo earlier > $out"));
    assertTrue(onBuilder(ALICE_STORE + earlier));
    // Thresholds above any disk: alice's daemon collects all of alice's garbage before its next build.
    writeConfig(true, "{ min_free: 1024T, max_free: 2048T }", "ssh-ng");
    NixinfraProcess.Result r = nixinfra("apply", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Resources: 0 added, 1 changed, 0 destroyed."), "only alice's tenant: " + r);
    assertTrue(lab.exec("host1", "cat", "/var/lib/nixinfra-alice/.ssh/authorized_keys").stdout()
        .contains("--store " + ALICE_STORE + " --option min-free 1125899906842624 --option max-free "
            + "2251799813685248\""));

    // A build with no inputs to copy, so the collection cannot take anything the build needs.
    String next = build("host2", "alice", derivation("next-" + UUID.randomUUID().toString().substring(0, 8), "",
        "echo next > $out"));
    assertTrue(onBuilder(ALICE_STORE + next));
    assertFalse(onBuilder(ALICE_STORE + earlier), "alice's daemon collected alice's garbage");
    assertTrue(onBuilder(BOB_STORE + built.get("bob")), "bob's store is not alice's daemon's to collect");
    writeConfig(true);
    assertEquals(0, nixinfra("apply", "--auto-approve").exit());
  }

  @Test
  @Order(7)
  void removingBobDeletesHisStoreAndUserAndAliceKeepsBuilding() throws Exception {
    writeConfig(false);
    NixinfraProcess.Result r = nixinfra("plan");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("tenant.big-bob will be destroyed"), r.toString());
    assertTrue(r.out().contains("Plan: 0 to add, 1 to change, 1 to destroy."), r.toString());
    assertTrue(r.out().contains("its store " + BOB_STORE + " on " + lab.host("host1").address()
        + ", with every path built or copied there, is deleted"), r.toString());
    r = nixinfra("apply", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertFalse(onBuilder(BOB_STORE), "bob's store is gone");
    assertFalse(lab.exec("host1", "getent", "passwd", "nixinfra-bob").ok(), "bob's user is gone");
    assertFalse(lab.exec("host3", "cat", "/etc/nix/nixinfra-machines").stdout()
        .contains(lab.host("host1").address()), "bob-ci uses big no longer");

    String again = build("host2", "alice", derivation("after-bob-" + UUID.randomUUID().toString().substring(0, 8),
        "", "echo still here > $out"));
    assertTrue(onBuilder(ALICE_STORE + again));
    r = nixinfra("check");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("1 of 1 checks passed."), r.toString());
  }

  @Test
  @Order(8)
  void theLegacyProtocolServesTheTenantsStoreToo() throws Exception {
    writeConfig(false, "", "ssh");
    NixinfraProcess.Result r = nixinfra("apply", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(lab.exec("host1", "cat", "/var/lib/nixinfra-alice/.ssh/authorized_keys").stdout()
        .contains("command=\"/usr/bin/nix-store --serve --write --store " + ALICE_STORE + "\" "));
    String legacy = build("host2", "ssh", "alice", derivation("legacy-" + UUID.randomUUID().toString()
        .substring(0, 8), "", "echo legacy > $out"));
    assertTrue(onBuilder(ALICE_STORE + legacy), "built in alice's store over ssh://");
    assertFalse(onBuilder(legacy));
    r = nixinfra("check");
    assertEquals(0, r.exit(), r.toString());
  }

  @Test
  @Order(9)
  void destroyLeavesEveryHostAsItWas() throws Exception {
    NixinfraProcess.Result r = nixinfra("destroy", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    run.assertEveryHostAsBefore("after destroy");
    assertFalse(onBuilder(ALICE_STORE));
  }
}
