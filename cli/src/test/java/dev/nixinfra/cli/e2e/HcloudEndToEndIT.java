package dev.nixinfra.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.providers.hcloud.fake.FakeHcloud;
import dev.nixinfra.providers.hcloud.fake.Options;
import dev.nixinfra.providers.hcloud.fake.ServerView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar alone, with its real Hetzner Cloud provider and HTTP client, against the in-process fake API
 * (realistic latency, actions that must be polled): the servers of three builders and the stack's key are created,
 * refreshed, resized in place and destroyed; a crashed run's server is adopted; a foreign one is pruned only on
 * request; missing tokens and catalogue mistakes are explained.
 */
class HcloudEndToEndIT {
  private static final String PUBLIC_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKHC3cRUMlbti3ICDfswDDDAdEJ5zT/zSRR/ZbigN2Mr nixinfra-test";
  private static final String CONFIG = """
      stack: e2e
      ssh:
        identity: ./id_ed25519
      hetzner:
        token: ${env:HCLOUD_TOKEN}
        location: fsn1
      builders:
        arm1:
          hetzner: { server_type: cax21, location: nbg1 }
          bootstrap: nixos-infect
          systems: [aarch64-linux]
        arm2:
          hetzner: { server_type: cax11 }
          bootstrap: nixos-infect
          systems: [aarch64-linux]
        x86:
          hetzner: { server_type: cpx21 }
          bootstrap: nixos-infect
          systems: [x86_64-linux]
      """;
  private static final String[] CLOUD = {"--target", "hcloud_server.arm1", "--target", "hcloud_server.arm2",
      "--target", "hcloud_server.x86"};

  @TempDir Path dir;
  private FakeHcloud cloud;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    cloud = FakeHcloud.start(Options.builder().latency(Duration.ofMillis(20)).actionPolls(2).build());
    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG);
    Files.writeString(dir.resolve("id_ed25519.pub"), PUBLIC_KEY + "\n");
    env.put("HCLOUD_TOKEN", cloud.token());
    env.put("HCLOUD_ENDPOINT", cloud.endpoint().toString());
  }

  @AfterEach
  void tearDown() {
    cloud.close();
  }

  private NixinfraProcess.Result nixinfra(String... args) throws Exception {
    NixinfraProcess.Result r = NixinfraProcess.runPackaged(dir, env, args);
    assertFalse(r.out().contains(cloud.token()) || r.err().contains(cloud.token()), "token shown: " + r);
    return r;
  }

  private static String[] with(String[] targets, String... args) {
    return Stream.concat(Stream.of(args), Stream.of(targets)).toArray(String[]::new);
  }

  @Test
  void createRefreshResizeAndDestroyTheServersOfThreeBuilders() throws Exception {
    NixinfraProcess.Result r = nixinfra("plan");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("hcloud_server.arm1 will be created"), r.toString());
    assertTrue(r.out().contains("hcloud_ssh_key.e2e will be created"), r.toString());
    assertEquals(1, cloud.countExact("GET", "/servers"), "one labelled listing, no per-server reads");

    r = nixinfra(with(CLOUD, "apply", "--auto-approve"));
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Apply complete! Resources: 4 added, 0 changed, 0 destroyed."), r.toString());
    List<ServerView> servers = cloud.servers();
    assertEquals(3, servers.size(), servers.toString());
    assertEquals(3, cloud.countExact("POST", "/servers"));
    assertEquals(1, cloud.sshKeys().size());
    ServerView arm1 = servers.stream().filter(s -> s.name().equals("e2e-arm1")).findFirst().orElseThrow();
    assertEquals("cax21", arm1.serverType());
    assertEquals("nbg1", arm1.location());
    assertEquals("arm", arm1.architecture());
    assertEquals(Map.of("nixinfra/stack", "e2e", "nixinfra/builder", "arm1"), arm1.labels());
    ServerView x86 = servers.stream().filter(s -> s.name().equals("e2e-x86")).findFirst().orElseThrow();
    assertEquals("fsn1", x86.location(), "the stack's default location");
    assertEquals("x86", x86.architecture());
    String state = Files.readString(dir.resolve(".nixinfra/state.json"));
    assertTrue(state.contains(String.valueOf(arm1.id())) && !state.contains(cloud.token()), state);

    cloud.resetCounts();
    r = nixinfra(with(CLOUD, "plan", "--detailed-exitcode"));
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("No changes."), r.toString());
    assertEquals(1, cloud.countExact("GET", "/servers"), "refresh lists once");
    assertEquals(0, cloud.count("GET", "/servers/"), "and never reads servers one by one");

    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG.replace("cax21", "cax31"));
    r = nixinfra(with(CLOUD, "plan"));
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("~ server_type = \"cax21\" -> \"cax31\" # disruptive: the server powers off"),
        r.toString());
    assertTrue(r.out().contains("Plan: 0 to add, 1 to change, 0 to destroy."), r.toString());
    assertEquals(1, r.out().split("powers off", -1).length - 1, "said once, next to the attribute: " + r);

    r = nixinfra(with(CLOUD, "apply", "--auto-approve"));
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Apply complete! Resources: 0 added, 1 changed, 0 destroyed."), r.toString());
    ServerView resized = cloud.server(arm1.id()).orElseThrow();
    assertEquals("cax31", resized.serverType());
    assertEquals("running", resized.status(), "powered on again after the change");
    assertEquals(arm1.id(), resized.id(), "changed in place, not replaced");
    assertEquals(1, cloud.countExact("POST", "/servers/" + arm1.id() + "/actions/change_type"));

    r = nixinfra("destroy", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Destroy complete! Resources: 4 destroyed."), r.toString());
    assertEquals(List.of(), cloud.servers());
    assertEquals(List.of(), cloud.sshKeys());
  }

  @Test
  void aServerACrashedRunCreatedIsAdoptedAndAForeignOneIsPrunedOnlyOnRequest() throws Exception {
    // A run recorded the stack's key, created arm1's server and died before recording it.
    NixinfraProcess.Result r = nixinfra("apply", "--auto-approve", "--target", "hcloud_ssh_key.e2e");
    assertEquals(0, r.exit(), r.toString());
    ServerView orphan = cloud.putServer("e2e-arm1", "cax21", "nbg1", "ubuntu-24.04",
        Map.of("nixinfra/stack", "e2e", "nixinfra/builder", "arm1"));
    ServerView stray = cloud.putServer("e2e-old", "cx22", "fsn1", "ubuntu-24.04",
        Map.of("nixinfra/stack", "e2e", "nixinfra/builder", "old"));
    ServerView foreign = cloud.putServer("someone-else", "cx22", "fsn1", "ubuntu-24.04", Map.of("team", "web"));

    r = nixinfra(with(CLOUD, "plan"));
    assertEquals(0, r.exit(), r.toString());
    assertFalse(r.out().contains("hcloud_server.arm1 will be created"), r.toString());
    assertFalse(r.out().contains("hcloud_server.arm1 must be replaced"), r.toString());
    assertTrue(r.out().contains("hcloud_server.arm1 exists but was not in state: adopted"), r.toString());
    assertTrue(r.out().contains("hcloud_server.old (id " + stray.id() + ")"), r.toString());
    assertTrue(r.out().contains("Plan: 2 to add, 0 to change, 0 to destroy."), r.toString());

    r = nixinfra(with(CLOUD, "apply", "--auto-approve"));
    assertEquals(0, r.exit(), r.toString());
    assertEquals(1, cloud.servers().stream().filter(s -> s.name().equals("e2e-arm1")).count(), "no duplicate");
    assertTrue(cloud.server(orphan.id()).isPresent());
    assertTrue(cloud.server(stray.id()).isPresent(), "unmanaged servers stay without --prune");

    r = nixinfra("plan", "--prune", "--target", "hcloud_server.old");
    assertTrue(r.out().contains("hcloud_server.old will be destroyed"), r.toString());
    r = nixinfra("apply", "--prune", "--auto-approve", "--target", "hcloud_server.old");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(cloud.server(stray.id()).isEmpty(), "pruned on request");
    assertTrue(cloud.server(foreign.id()).isPresent(), "servers of other stacks are never touched");
  }

  @Test
  void withoutATokenPlanSaysTheCloudWasNotConsultedAndApplyAsksForOne() throws Exception {
    env.remove("HCLOUD_TOKEN");
    NixinfraProcess.Result r = nixinfra("plan");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("the Hetzner Cloud was not consulted: no API token"), r.toString());
    assertTrue(r.out().contains("hcloud_server.arm1 will be created"), r.toString());

    r = nixinfra(with(CLOUD, "apply", "--auto-approve"));
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("the Hetzner Cloud API token is not set"), r.toString());
    assertTrue(r.err().contains("export HCLOUD_TOKEN="), r.toString());
    assertEquals(0, cloud.count("*", "/"), "nothing was sent");
  }

  /** Without a token the recorded servers keep their recorded values: nothing is planned for them. */
  @Test
  void afterApplyAPlanWithoutATokenKeepsTheRecordedServers() throws Exception {
    assertEquals(0, nixinfra(with(CLOUD, "apply", "--auto-approve")).exit());
    env.remove("HCLOUD_TOKEN");
    NixinfraProcess.Result r = nixinfra(with(CLOUD, "plan", "--detailed-exitcode"));
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("No changes."), r.toString());
    assertTrue(r.out().contains("the Hetzner Cloud was not consulted: no API token"), r.toString());
  }

  @Test
  void aWholeApplyIsRefusedBeforeAnyServerIsCreatedWhileNixosInfectIsNotPinned() throws Exception {
    NixinfraProcess.Result r = nixinfra("apply", "--auto-approve");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("nixos-infect is not pinned to a reviewed checksum"), r.toString());
    assertEquals(0, cloud.countExact("POST", "/servers"), "no server is paid for a bootstrap that would refuse");
    assertEquals(0, cloud.countExact("POST", "/ssh_keys"));
  }

  @Test
  void catalogueMistakesPointAtTheBuilderInTheFile() throws Exception {
    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG.replace("cax11", "cax12").replace("cpx21", "cax41"));
    NixinfraProcess.Result r = nixinfra("plan");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("Hetzner has no server type `cax12`; did you mean `cax11`?"), r.toString());
    assertTrue(r.err().contains("nixinfra.yaml:12:"), r.toString());
    assertTrue(r.err().contains("server type `cax41` is arm, but builder `x86` builds for x86 systems"),
        r.toString());
    assertTrue(r.err().contains("nixinfra.yaml:16:"), r.toString());
    assertFalse(r.err().contains("Exception"), r.toString());
    assertEquals(0, cloud.countExact("POST", "/servers"));
  }

  @Test
  void aWrongTokenIsOneClearSentence() throws Exception {
    env.put("HCLOUD_TOKEN", "not-the-token-0123456789");
    NixinfraProcess.Result r = nixinfra("plan");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("Hetzner Cloud refused GET /servers: unauthorized: unable to authenticate; the "
        + "token is wrong or was deleted"), r.toString());
    assertFalse(r.err().contains("GET /server_types"), "no second error for the same cause: " + r);
    assertFalse(r.err().contains("not-the-token-0123456789"), r.toString());
    assertFalse(r.err().contains("Exception"), r.toString());
  }
}
