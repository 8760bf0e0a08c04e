package dev.nixinfra.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.providers.bootstrap.Bootstrap;
import dev.nixinfra.providers.bootstrap.InfectScript;
import dev.nixinfra.providers.hcloud.fake.FakeHcloud;
import dev.nixinfra.providers.hcloud.fake.Options;
import dev.nixinfra.providers.hcloud.fake.ServerView;
import dev.nixinfra.providers.host.EmbeddedNixHost;
import dev.nixinfra.providers.nix.MachinesFile;
import dev.nixinfra.providers.ssh.HostKeys;
import dev.nixinfra.providers.ssh.TestKeys;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop of the seed documents with one {@code apply} of the packaged jar: the fake Hetzner API creates a
 * server whose address is an embedded SSH host on loopback port 22 (so the test runs as root, as CI does); nixinfra
 * turns that Ubuntu host into NixOS with the pinned nixos-infect (checksum command, reboot, reconnect, /old-root),
 * deploys the builder module and switches, and configures a NixOS client that already exists; the next {@code plan}
 * shows "No changes."; {@code destroy} deletes the server and puts the client's configuration back.
 */
class NixosEndToEndIT {
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final String SHA256 = "ab".repeat(32);
  /**
   * The server's public address as the fake API reports it: a loopback address of its own, because nixinfra
   * reaches the servers it creates on port 22 (a Hetzner builder takes no port), which needs root to listen on.
   */
  private static final String SERVER_ADDRESS = "127.77.0.1";

  @TempDir Path dir;
  private FakeHcloud cloud;
  private KeyPair operatorKey;
  private KeyPair serverKey;
  private KeyPair clientKey;
  private EmbeddedNixHost server;
  private EmbeddedNixHost client;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    operatorKey = TestKeys.ed25519();
    KeyPair operator = operatorKey;
    TestKeys.write(operator, dir.resolve("id_ed25519"), null);
    Files.writeString(dir.resolve("id_ed25519.pub"), HostKeys.toLine(operator.getPublic()) + " operator\n");
    serverKey = TestKeys.ed25519();
    try {
      server = EmbeddedNixHost.ubuntu("arm1", SERVER_ADDRESS, 22, serverKey, operator.getPublic());
    } catch (BindException e) {
      throw new IllegalStateException("this test listens on " + SERVER_ADDRESS + ":22, which needs root (CI runs "
          + "as root) and no other server on port 22 of all addresses: " + e.getMessage(), e);
    }
    clientKey = TestKeys.ed25519();
    client = EmbeddedNixHost.nixos("ci", clientKey, operator.getPublic());
    cloud = FakeHcloud.start(Options.builder().latency(Duration.ofMillis(5)).actionPolls(1)
        .serverIpv4(SERVER_ADDRESS).build());
    writeConfig("");
    env = Map.of("HCLOUD_TOKEN", cloud.token(), "HCLOUD_ENDPOINT", cloud.endpoint().toString(),
        "HOME", dir.toString(), "SSH_AUTH_SOCK", "");
  }

  /** The Hetzner builder arm1 and the NixOS client ci; {@code builderExtra} is added to arm1's settings. */
  private void writeConfig(String builderExtra) throws Exception {
    Files.writeString(dir.resolve("nixinfra.yaml"), """
        stack: e2e
        ssh:
          identity: ./id_ed25519
          known_hosts: ./known_hosts
        hetzner:
          token: ${env:HCLOUD_TOKEN}
          location: fsn1
        nixos_infect: { commit: %s, sha256: %s }
        builders:
          arm1:
            hetzner: { server_type: cax21 }
            bootstrap: nixos-infect
            nixos_channel: nixos-25.05
            systems: [aarch64-linux]
            max_jobs: 4
        %s
        clients:
          ci:
            kind: nixos
            host: 127.0.0.1
            port: %d
            host_key: %s
            builders: all
        """.formatted(COMMIT, SHA256, builderExtra, client.port(), HostKeys.toLine(clientKey.getPublic())));
  }

  @AfterEach
  void tearDown() throws Exception {
    cloud.close();
    server.close();
    client.close();
  }

  private NixinfraProcess.Result nixinfra(String... args) throws Exception {
    NixinfraProcess.Result r = NixinfraProcess.runPackaged(dir, env, args);
    assertFalse(r.out().contains(cloud.token()) || r.err().contains(cloud.token()), "token shown: " + r);
    return r;
  }

  @Test
  void oneApplyGoesFromNothingToANixosBuilderAndClientThenNoChangesThenDestroy() throws Exception {
    String clientConfiguration = client.text("/etc/nixos/configuration.nix");
    NixinfraProcess.Result r = nixinfra("apply", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Apply complete! Resources: 6 added, 0 changed, 0 destroyed."), r.toString());
    assertEquals(List.of(), server.problems());
    assertEquals(List.of(), client.problems());

    List<ServerView> servers = cloud.servers();
    assertEquals(1, servers.size(), servers.toString());
    assertEquals("e2e-arm1", servers.get(0).name());

    // The bootstrap: the pinned, checksummed script with the Hetzner settings, then the reboot and the cleanup.
    List<String> commands = server.commands();
    String infect = commands.stream().filter(c -> c.contains(InfectScript.STARTED)).findFirst().orElseThrow();
    assertTrue(infect.contains(COMMIT) && infect.contains(SHA256) && infect.contains("sha256sum"), infect);
    assertTrue(infect.contains("PROVIDER=hetznercloud") && infect.contains("NIX_CHANNEL=nixos-25.05")
        && infect.contains("NO_REBOOT=1"), infect);
    int reboot = commands.indexOf(Bootstrap.REBOOT_COMMAND);
    int cleanup = commands.indexOf(Bootstrap.CLEANUP_COMMAND);
    assertTrue(commands.indexOf(infect) < reboot && reboot < cleanup, commands.toString());
    assertEquals("nixos", server.osId());
    assertTrue(r.out().contains("installing the boot loader"), "the script's output is streamed: " + r);

    // The builder: its module, imported once, switched once.
    String module = server.text("/etc/nixos/nixinfra-builder.nix");
    assertTrue(module != null && module.contains("trusted-users"), String.valueOf(module));
    String configuration = server.text("/etc/nixos/configuration.nix");
    assertTrue(configuration.contains("./nixinfra-builder.nix")
        && configuration.contains("./hardware-configuration.nix"), configuration);
    assertEquals(1, server.switches());
    assertTrue(server.loggedInAfterLastSwitch(), "a fresh login proves the switch did not lock nixinfra out");

    // The client: buildMachines names the new server, its port and the host key pinned at bootstrap.
    String clientModule = client.text("/etc/nixos/nixinfra-client.nix");
    assertTrue(clientModule != null && clientModule.contains("distributedBuilds = true")
        && clientModule.contains("hostName = \"" + SERVER_ADDRESS + "\"")
        && clientModule.contains("aarch64-linux"), clientModule);
    assertTrue(clientModule.contains(MachinesFile.base64HostKey(HostKeys.toLine(serverKey.getPublic()))),
        clientModule);
    assertTrue(client.text("/etc/nixos/configuration.nix").contains("./nixinfra-client.nix"));
    assertEquals(1, client.switches());
    assertTrue(client.loggedInAfterLastSwitch());

    // The run log keeps the script's output.
    try (Stream<Path> logs = Files.list(dir.resolve(".nixinfra/logs"))) {
      Path log = logs.filter(p -> p.toString().endsWith("-apply.log")).findFirst().orElseThrow();
      assertTrue(Files.readString(log).contains("installing the boot loader"));
    }

    r = nixinfra("plan", "--detailed-exitcode");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("No changes."), r.toString());
    assertEquals(1, server.switches(), "a plan changes nothing");
    assertEquals(1, client.switches());
    assertEquals(List.of(), server.problems());
    assertEquals(List.of(), client.problems());

    r = nixinfra("destroy", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertEquals(List.of(), cloud.servers(), "the server is deleted");
    assertEquals(EmbeddedNixHost.INFECTED_CONFIGURATION, server.text("/etc/nixos/configuration.nix"));
    assertEquals(null, server.text("/etc/nixos/nixinfra-builder.nix"));
    assertEquals(clientConfiguration, client.text("/etc/nixos/configuration.nix"), "put back byte for byte");
    assertEquals(null, client.text("/etc/nixos/nixinfra-client.nix"));
    assertEquals(List.of(), client.problems());
  }

  @Test
  void aBootstrappedBuilderGetsAModuleAndAStorePerTenantAndLosesThemWithTheTenant() throws Exception {
    writeConfig("    tenants: { team: { clients: [ci], max_jobs: 2 } }");
    NixinfraProcess.Result r = nixinfra("apply", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Apply complete! Resources: 7 added, 0 changed, 0 destroyed."), r.toString());
    assertEquals(List.of(), server.problems());

    String tenantModule = server.text("/etc/nixos/nixinfra-tenant-arm1-team.nix");
    assertTrue(tenantModule != null && tenantModule.contains("users.users.nixinfra-team = {")
        && tenantModule.contains("command=\\\"/run/current-system/sw/bin/nix-daemon --stdio --store "
            + "/var/lib/nixinfra/tenants/team\\\""), String.valueOf(tenantModule));
    assertTrue(server.text("/etc/nixos/configuration.nix").contains("./nixinfra-tenant-arm1-team.nix"));
    assertEquals(2, server.switches(), "one for the builder's module, one for the tenant's");
    assertTrue(server.hasUser("nixinfra-team"), "the switch declared the tenant's user");
    assertEquals("nixinfra-team", server.storeOwner("/var/lib/nixinfra/tenants/team"));
    String clientModule = client.text("/etc/nixos/nixinfra-client.nix");
    assertTrue(clientModule.contains("sshUser = \"nixinfra-team\"") && clientModule.contains("maxJobs = 2"),
        clientModule);
    assertFalse(clientModule.contains("remotebuild"), clientModule);

    r = nixinfra("plan", "--detailed-exitcode");
    assertEquals(0, r.exit(), r.toString());

    writeConfig("");
    r = nixinfra("apply", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("tenant.arm1-team") && r.out().contains("is deleted"), "the warning: " + r);
    assertEquals(null, server.text("/etc/nixos/nixinfra-tenant-arm1-team.nix"));
    assertFalse(server.text("/etc/nixos/configuration.nix").contains("nixinfra-tenant-arm1-team"));
    assertFalse(server.hasUser("nixinfra-team"));
    assertEquals(null, server.storeOwner("/var/lib/nixinfra/tenants/team"));
    assertTrue(client.text("/etc/nixos/nixinfra-client.nix").contains("sshUser = \"remotebuild\""),
        "without tenants, ci uses the shared build user again");
    assertEquals(List.of(), server.problems());
    assertEquals(List.of(), client.problems());
  }

  @Test
  void aSwitchThatLocksNixinfraOutIsRolledBack() throws Exception {
    EmbeddedNixHost builder = EmbeddedNixHost.nixos("office", serverKey, operatorKey.getPublic());
    try (builder) {
      Files.writeString(dir.resolve("nixinfra.yaml"), """
          stack: lockout
          ssh:
            identity: ./id_ed25519
            known_hosts: ./known_hosts
          builders:
            office:
              host: 127.0.0.1
              port: %d
              os: nixos
              host_key: %s
              systems: [x86_64-linux]
          clients:
            ci:
              kind: nixos
              host: 127.0.0.1
              port: %d
              host_key: %s
              builders: all
          """.formatted(builder.port(), HostKeys.toLine(serverKey.getPublic()), client.port(),
          HostKeys.toLine(clientKey.getPublic())));
      String clientConfiguration = client.text("/etc/nixos/configuration.nix");
      client.lockOutBySwitch();

      NixinfraProcess.Result r = nixinfra("apply", "--auto-approve");
      assertEquals(1, r.exit(), r.toString());
      assertEquals(1, client.switches());
      assertEquals(1, client.rollbacks(), r.toString());
      assertTrue(r.out().contains("client.ci") && (r.out() + r.err()).contains("rollback"), r.toString());
      assertEquals(clientConfiguration, client.text("/etc/nixos/configuration.nix"), "the files are put back");
      assertEquals(1, builder.switches(), "the builder is configured all the same");
      assertEquals(0, builder.rollbacks());
      assertEquals(List.of(), client.problems());
      assertEquals(List.of(), builder.problems());
    }
  }
}
