package dev.nixinfra.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.Ref;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceTypes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpanderTest {
  static final Desired FULL = Expander.expand(Fixtures.valid(ConfigLoaderTest.FULL));

  static final String CI_HOST_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKHC3cRUMlbti3ICDfswDDDAdEJ5zT/zSRR/ZbigN2Mr root@ci";

  static Address a(String text) {
    return Address.parse(text);
  }

  static Ref ref(String address, String attribute) {
    return new Ref(a(address), attribute);
  }

  static Object attr(String address, String name) {
    ResourceConfig r = FULL.resources().get(a(address));
    return r.attributes().get(name).orElse(null);
  }

  @Test
  void addresses() {
    assertEquals(List.of(
            a("builder.arm1"), a("builder.office"), a("client.ci"), a("client.laptop"), a("client_key.ci"),
            a("client_key.laptop"), a("hcloud_server.arm1"), a("hcloud_ssh_key.acme-builders"),
            a("nixos_infect.arm1")),
        List.copyOf(FULL.resources().keySet()));
    assertEquals("acme-builders", FULL.stack());
  }

  static Stream<Arguments> attributes() {
    return Stream.of(
        Arguments.of("hcloud_ssh_key.acme-builders", "name", "acme-builders"),
        Arguments.of("hcloud_ssh_key.acme-builders", "public_key_file", "~/.ssh/id_ed25519.pub"),
        Arguments.of("hcloud_ssh_key.acme-builders", "labels", Map.of("nixinfra/stack", "acme-builders")),
        Arguments.of("hcloud_server.arm1", "name", "acme-builders-arm1"),
        Arguments.of("hcloud_server.arm1", "server_type", "cax21"),
        Arguments.of("hcloud_server.arm1", "image", "ubuntu-24.04"),
        Arguments.of("hcloud_server.arm1", "location", "nbg1"),
        Arguments.of("hcloud_server.arm1", "labels",
            Map.of("nixinfra/stack", "acme-builders", "nixinfra/builder", "arm1")),
        Arguments.of("hcloud_server.arm1", "ssh_keys", List.of(ref("hcloud_ssh_key.acme-builders", "id"))),
        Arguments.of("nixos_infect.arm1", "host", ref("hcloud_server.arm1", "ipv4")),
        Arguments.of("nixos_infect.arm1", "port", 22L),
        Arguments.of("nixos_infect.arm1", "nixos_channel", "nixos-25.05"),
        Arguments.of("nixos_infect.arm1", "infect_commit", NixosInfect.DEFAULT_COMMIT),
        Arguments.of("builder.arm1", "host", ref("hcloud_server.arm1", "ipv4")),
        Arguments.of("builder.arm1", "port", 22L),
        Arguments.of("builder.arm1", "os", "nixos"),
        Arguments.of("builder.arm1", "user", "remotebuild"),
        Arguments.of("builder.arm1", "protocol", "ssh-ng"),
        Arguments.of("builder.arm1", "systems", List.of("aarch64-linux")),
        Arguments.of("builder.arm1", "max_jobs", 4L),
        Arguments.of("builder.arm1", "speed_factor", 2L),
        Arguments.of("builder.arm1", "supported_features", List.of("nixos-test", "benchmark", "big-parallel", "kvm")),
        Arguments.of("builder.arm1", "mandatory_features", List.of()),
        Arguments.of("builder.arm1", "min_free", 10L << 30),
        Arguments.of("builder.arm1", "max_free", 200L << 30),
        Arguments.of("builder.arm1", "cores", 0L),
        Arguments.of("builder.arm1", "memory_max", "90%"),
        Arguments.of("builder.arm1", "restart_command", "systemctl restart nix-daemon"),
        Arguments.of("builder.arm1", "authorized_keys",
            List.of(ref("client_key.ci", "public_key"), ref("client_key.laptop", "public_key"))),
        Arguments.of("builder.arm1", "host_key", ref("nixos_infect.arm1", "host_key")),
        Arguments.of("builder.office", "host", "build.acme.example"),
        Arguments.of("builder.office", "os", "nix"),
        Arguments.of("builder.office", "host_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOffice"),
        Arguments.of("builder.office", "supported_features", null),
        Arguments.of("builder.office", "min_free", null),
        Arguments.of("builder.office", "restart_command", null),
        Arguments.of("client_key.laptop", "host", "local"),
        Arguments.of("client_key.laptop", "port", 22L),
        Arguments.of("client_key.laptop", "key_path", "/etc/nix/nixinfra_ed25519"),
        Arguments.of("client.laptop", "kind", "nix-darwin"),
        Arguments.of("client.laptop", "host", "local"),
        Arguments.of("client.laptop", "max_jobs", 0L),
        Arguments.of("client.laptop", "builders_use_substitutes", true),
        Arguments.of("client.ci", "max_jobs", null),
        Arguments.of("client.ci", "port", 22L),
        Arguments.of("client.ci", "host_key", CI_HOST_KEY),
        Arguments.of("client_key.ci", "host_key", CI_HOST_KEY),
        Arguments.of("client.ci", "restart_command", "systemctl restart nix-daemon.service"),
        Arguments.of("client.laptop", "host_key", null),
        Arguments.of("client.laptop", "restart_command", null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("attributes")
  void attributeValues(String address, String name, Object expected) {
    assertEquals(expected, attr(address, name));
  }

  @Test
  void machinesCarryTheBuildersValuesOrRefsToThem() {
    List<?> machines = (List<?>) attr("client.laptop", "machines");
    assertEquals(2, machines.size());
    Map<?, ?> arm = (Map<?, ?>) machines.get(0);
    assertEquals("arm1", arm.get("builder"));
    assertEquals(ref("hcloud_server.arm1", "ipv4"), arm.get("host"));
    assertEquals(22L, arm.get("port"));
    assertEquals("remotebuild", arm.get("user"));
    assertEquals("ssh-ng", arm.get("protocol"));
    assertEquals(List.of("aarch64-linux"), arm.get("systems"));
    assertEquals(4L, arm.get("max_jobs"));
    assertEquals(2L, arm.get("speed_factor"));
    assertEquals(List.of("nixos-test", "benchmark", "big-parallel", "kvm"), arm.get("supported_features"));
    assertEquals(List.of(), arm.get("mandatory_features"));
    assertEquals(ref("builder.arm1", "host_key"), arm.get("host_key"));
    assertEquals("/etc/nix/nixinfra_ed25519", arm.get("key_path"));
    Map<?, ?> office = (Map<?, ?>) machines.get(1);
    assertEquals("office", office.get("builder"));
    assertEquals("build.acme.example", office.get("host"));
    assertEquals(ref("builder.office", "supported_features"), office.get("supported_features"));
    assertEquals("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOffice", office.get("host_key"));
    assertEquals(Set.of("builder", "host", "port", "user", "protocol", "systems", "max_jobs", "speed_factor",
        "supported_features", "mandatory_features", "host_key", "key_path"), office.keySet());
  }

  static Stream<Arguments> dependencies() {
    return Stream.of(
        Arguments.of("hcloud_ssh_key.acme-builders", Set.of()),
        Arguments.of("hcloud_server.arm1", Set.of(a("hcloud_ssh_key.acme-builders"))),
        Arguments.of("nixos_infect.arm1", Set.of(a("hcloud_server.arm1"))),
        Arguments.of("builder.arm1", Set.of(a("hcloud_server.arm1"), a("nixos_infect.arm1"), a("client_key.ci"),
            a("client_key.laptop"))),
        Arguments.of("builder.office", Set.of(a("client_key.ci"), a("client_key.laptop"))),
        Arguments.of("client_key.laptop", Set.of()),
        Arguments.of("client.laptop", Set.of(a("client_key.laptop"), a("builder.arm1"), a("builder.office"),
            a("hcloud_server.arm1"))),
        Arguments.of("client.ci", Set.of(a("client_key.ci"), a("builder.arm1"), a("builder.office"),
            a("hcloud_server.arm1"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dependencies")
  void dependsOn(String address, Set<Address> expected) {
    assertEquals(expected, FULL.resources().get(a(address)).dependsOn());
  }

  @Test
  void everyResourceIsLocatedAndUsesOnlySchemaAttributes() {
    for (ResourceConfig r : FULL.resources().values()) {
      assertTrue(r.location().isPresent(), r.address().toString());
      var names = ResourceTypes.get(r.address().type()).attributes().stream().map(s -> s.name()).toList();
      assertTrue(names.containsAll(r.attributes().names()), r.address() + ": " + r.attributes().names());
    }
    assertEquals("nixinfra.yaml:26:3", FULL.resources().get(a("builder.office")).location().orElseThrow().toString());
    assertEquals("nixinfra.yaml:34:3", FULL.resources().get(a("client.laptop")).location().orElseThrow().toString());
  }

  @Test
  void withoutHetznerThereIsNoCloudResource() {
    Desired d = Expander.expand(Fixtures.valid(ConfigLoaderTest.MINIMAL));
    assertEquals(List.of(a("builder.b")), List.copyOf(d.resources().keySet()));
    assertEquals(List.of(), d.resources().get(a("builder.b")).attributes().get("authorized_keys").orElseThrow());
    assertFalse(d.resources().get(a("builder.b")).attributes().has("host_key"));
  }

  @Test
  void decimalSpeedFactorStaysDecimalAndBootstrappedHostUsesItsString() {
    Desired d = Expander.expand(Fixtures.valid(ConfigLoaderTest.MINIMAL
        + "    speed_factor: 1.5\n    bootstrap: nixos-infect\n"));
    ResourceConfig b = d.resources().get(a("builder.b"));
    assertEquals(1.5, b.attributes().get("speed_factor").orElseThrow());
    assertEquals("nixos", b.attributes().string("os").orElseThrow());
    assertEquals("b.example", d.resources().get(a("nixos_infect.b")).attributes().string("host").orElseThrow());
    assertEquals(ref("nixos_infect.b", "host_key"), b.attributes().get("host_key").orElseThrow());
  }

  @Test
  void expansionIsDeterministic() {
    assertEquals(FULL, Expander.expand(Fixtures.valid(ConfigLoaderTest.FULL)));
  }

  @Test
  void aPinnedNixosInfectIsTheCommitBootstrapsRun() {
    String pinned = ConfigLoaderTest.FULL.replaceFirst("builders:", """
        nixos_infect:
          commit: 6981987
          sha256: %s
        builders:""".formatted("ab".repeat(32)));
    Desired d = Expander.expand(Fixtures.valid(pinned));
    assertEquals("6981987", d.resources().get(a("nixos_infect.arm1")).attributes().get("infect_commit").orElseThrow());
    assertEquals(NixosInfect.DEFAULT_COMMIT, attr("nixos_infect.arm1", "infect_commit"), "else the release's pin");
  }
}
