package dev.nixinfra.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.diag.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  /** The full example of docs/config.md. */
  static final String FULL = """
      version: 1
      stack: acme-builders
      state:
        backend: local
        path: .nixinfra/state.json
      ssh:
        identity: ~/.ssh/id_ed25519
        known_hosts: ~/.ssh/known_hosts
      hetzner:
        token: ${env:HCLOUD_TOKEN}
        location: fsn1
      builders:
        arm1:
          hetzner: { server_type: cax21, image: ubuntu-24.04, location: nbg1 }
          bootstrap: nixos-infect
          nixos_channel: nixos-25.05
          systems: [aarch64-linux]
          max_jobs: 4
          speed_factor: 2
          supported_features: [nixos-test, benchmark, big-parallel, kvm]
          mandatory_features: []
          user: remotebuild
          protocol: ssh-ng
          tuning: { min_free: 10GiB, max_free: 200GiB, cores: 0, memory_max: "90%" }
          restart_command: "systemctl restart nix-daemon"
        office:
          host: build.acme.example
          port: 22
          os: nix
          host_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOffice"
          systems: [x86_64-linux]
          max_jobs: 8
      clients:
        laptop:
          kind: nix-darwin
          host: local
          port: 22
          builders: [office, arm1]
          max_jobs: 0
          builders_use_substitutes: true
          key_path: /etc/nix/nixinfra_ed25519
        ci:
          kind: nixos
          host: ci.acme.example
          builders: all
          host_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKHC3cRUMlbti3ICDfswDDDAdEJ5zT/zSRR/ZbigN2Mr root@ci
          restart_command: systemctl restart nix-daemon.service
      """;

  static final String MINIMAL = """
      stack: s
      builders:
        b:
          host: b.example
          systems: [x86_64-linux]
      """;

  static Stream<Arguments> fullExampleValues() {
    return Stream.of(
        check("stack", c -> c.stack(), "acme-builders"),
        check("state backend", c -> c.state().backend(), StateBackend.LOCAL),
        check("state path", c -> c.state().path(), Optional.of(".nixinfra/state.json")),
        check("identity kept with ~", c -> c.ssh().identity(), "~/.ssh/id_ed25519"),
        check("token unset means none", c -> c.hetzner().orElseThrow().token(), Optional.empty()),
        check("default location", c -> c.hetzner().orElseThrow().serverLocation(), Optional.of("fsn1")),
        check("builder names", c -> List.copyOf(c.builders().keySet()), List.of("arm1", "office")),
        check("server type", c -> c.builders().get("arm1").hetzner().orElseThrow().serverType(), "cax21"),
        check("own location wins", c -> c.builders().get("arm1").hetzner().orElseThrow().serverLocation(), "nbg1"),
        check("bootstrapped os", c -> c.builders().get("arm1").os(), BuilderOs.NIXOS),
        check("speed factor", c -> c.builders().get("arm1").speedFactor(), 2.0),
        check("features", c -> c.builders().get("arm1").supportedFeatures(),
            Optional.of(List.of("nixos-test", "benchmark", "big-parallel", "kvm"))),
        check("min_free bytes", c -> c.builders().get("arm1").tuning().minFree(), Optional.of(10L << 30)),
        check("max_free bytes", c -> c.builders().get("arm1").tuning().maxFree(), Optional.of(200L << 30)),
        check("cores", c -> c.builders().get("arm1").tuning().cores(), Optional.of(0L)),
        check("memory_max", c -> c.builders().get("arm1").tuning().memoryMax(), Optional.of("90%")),
        check("host", c -> c.builders().get("office").host(), Optional.of("build.acme.example")),
        check("host os", c -> c.builders().get("office").os(), BuilderOs.NIX),
        check("default user", c -> c.builders().get("office").user(), "remotebuild"),
        check("default protocol", c -> c.builders().get("office").protocol(), Protocol.SSH_NG),
        check("no features given", c -> c.builders().get("office").supportedFeatures(), Optional.empty()),
        check("client builders sorted", c -> c.clients().get("laptop").builders(), List.of("arm1", "office")),
        check("all expanded", c -> c.clients().get("ci").builders(), List.of("arm1", "office")),
        check("all remembered", c -> c.clients().get("ci").allBuilders(), true),
        check("client kind", c -> c.clients().get("laptop").kind(), ClientKind.NIX_DARWIN),
        check("client max_jobs", c -> c.clients().get("laptop").maxJobs(), Optional.of(0)),
        check("client max_jobs absent", c -> c.clients().get("ci").maxJobs(), Optional.empty()),
        check("substitutes default", c -> c.clients().get("ci").buildersUseSubstitutes(), true),
        check("key path default", c -> c.clients().get("ci").keyPath(), "/etc/nix/nixinfra_ed25519"),
        check("builder location", c -> c.builders().get("office").location().toString(), "nixinfra.yaml:26:3"));
  }

  static Arguments check(String what, Function<Config, Object> get, Object expected) {
    return Arguments.of(what, get, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fullExampleValues")
  void readsTheFullExample(String what, Function<Config, Object> get, Object expected) {
    assertEquals(expected, get.apply(Fixtures.valid(FULL)));
  }

  static Stream<Arguments> minimalDefaults() {
    return Stream.of(
        check("state default", c -> c.state().path(), Optional.of(".nixinfra/state.json")),
        check("identity default", c -> c.ssh().identity(), "~/.ssh/id_ed25519"),
        check("known_hosts default", c -> c.ssh().knownHosts(), "~/.ssh/known_hosts"),
        check("no hetzner", c -> c.hetzner(), Optional.empty()),
        check("port default", c -> c.builders().get("b").port(), 22),
        check("max_jobs default", c -> c.builders().get("b").maxJobs(), 1),
        check("speed default", c -> c.builders().get("b").speedFactor(), 1.0),
        check("channel default", c -> c.builders().get("b").nixosChannel(), "nixos-25.05"),
        check("mandatory default", c -> c.builders().get("b").mandatoryFeatures(), List.of()),
        check("no clients", c -> c.clients().isEmpty(), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("minimalDefaults")
  void fillsDefaults(String what, Function<Config, Object> get, Object expected) {
    assertEquals(expected, get.apply(Fixtures.valid(MINIMAL)));
  }

  /** Valid variations: each must load without any error. */
  static Stream<Arguments> validVariations() {
    return Stream.of(
        Arguments.of("only clients", "stack: s\nclients:\n  c: { kind: nixos, host: c.example, builders: all }\n"),
        Arguments.of("ipv6 host", MINIMAL.replace("b.example", "\"[2001:db8::1]\"")),
        Arguments.of("plain ipv6 host", MINIMAL.replace("b.example", "\"2001:db8::1\"")),
        Arguments.of("ipv4 host", MINIMAL.replace("b.example", "192.0.2.10")),
        Arguments.of("decimal speed", MINIMAL + "    speed_factor: 1.5\n"),
        Arguments.of("darwin and linux", MINIMAL.replace("[x86_64-linux]", "[x86_64-linux, aarch64-darwin]")),
        Arguments.of("sizes", MINIMAL + "    tuning: { min_free: 1073741824, max_free: 2G, memory_max: 8GiB }\n"),
        Arguments.of("ssh protocol", MINIMAL + "    protocol: ssh\n"),
        Arguments.of("bootstrapped host", MINIMAL + "    bootstrap: nixos-infect\n    nixos_channel: nixos-unstable\n"),
        Arguments.of("builder and client share a name", MINIMAL
            + "clients:\n  b: { kind: nix-macos, host: b.example, builders: [b] }\n"),
        Arguments.of("hetzner location only on builder", """
            stack: s
            builders:
              arm:
                hetzner: { server_type: cax11, location: hel1 }
                bootstrap: nixos-infect
                systems: [aarch64-linux]
            """),
        Arguments.of("anchors and aliases", """
            stack: s
            x-systems: &linux [x86_64-linux]
            builders:
              a: { host: a.example, systems: *linux }
              b: { host: b.example, systems: *linux }
            """),
        Arguments.of("env inside a longer string", MINIMAL.replace("b.example", "b.${env:DOMAIN}")),
        Arguments.of("postgres", """
            stack: s
            state: { backend: postgres, url: "${env:PG}" }
            clients:
              c: { kind: nixos, host: local, builders: all }
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validVariations")
  void acceptsValidVariations(String what, String yaml) {
    LoadResult r = ConfigLoader.parse(yaml, "nixinfra.yaml", Map.of("DOMAIN", "lab.example", "PG", "postgres://db"));
    assertTrue(r.config().isPresent(), () -> Fixtures.lines(r.diagnostics()));
  }

  @Test
  void envValuesAreInterpolated() {
    Config c = ConfigLoader.parse(MINIMAL.replace("b.example", "b.${env:DOMAIN}"), "f.yaml",
        Map.of("DOMAIN", "lab.example")).config().orElseThrow();
    assertEquals(Optional.of("b.lab.example"), c.builders().get("b").host());
  }

  @Test
  void tokenFromEnvIsASecretWithItsSource() {
    Config c = ConfigLoader.parse(FULL, "f.yaml", Map.of("HCLOUD_TOKEN", "tok-123")).config().orElseThrow();
    Secret t = c.hetzner().orElseThrow().token().orElseThrow();
    assertEquals("tok-123", t.value());
    assertEquals("env:HCLOUD_TOKEN", t.source());
  }

  @Test
  void quotedPortSaysHowToWriteIt() {
    List<Diagnostic> ds = Fixtures.parse(MINIMAL + "    port: \"2222\"\n").diagnostics();
    assertEquals(1, ds.size());
    assertEquals("write `port: 2222` without quotes", ds.get(0).detail());
  }

  @Test
  void duplicateKeyNamesBothLines() {
    Diagnostic d = Fixtures.parse(MINIMAL + "    max_jobs: 1\n    max_jobs: 2\n").diagnostics().get(0);
    assertTrue(d.summary().contains("first on line 6"), d.summary());
    assertTrue(d.detail().contains("lines 6 and 7"), d.detail());
  }

  @Test
  void warningsComeWithAConfig() {
    LoadResult r = Fixtures.parse(MINIMAL + "    nixos_channel: nixos-24.11\n");
    assertTrue(r.config().isPresent());
    assertEquals(1, r.diagnostics().size());
    assertFalse(r.diagnostics().get(0).isError());
  }

  @Test
  void aMissingFileIsADiagnostic() {
    LoadResult r = ConfigLoader.load(Path.of("no", "such", "nixinfra.yaml"), "nixinfra.yaml", Map.of());
    assertTrue(r.config().isEmpty());
    assertEquals("cannot read nixinfra.yaml: no such file", r.diagnostics().get(0).summary());
    assertFalse(r.diagnostics().get(0).detail().isBlank());
  }

  @Test
  void statePathResolvesBesideTheConfigFile() {
    Config c = Fixtures.valid(MINIMAL);
    Path resolved = c.state().resolvePath(Path.of("/etc/nixinfra/nixinfra.yaml")).orElseThrow();
    assertEquals(Path.of("/etc/nixinfra/.nixinfra/state.json"), resolved);
  }
}
