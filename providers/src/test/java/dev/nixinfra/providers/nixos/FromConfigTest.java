package dev.nixinfra.providers.nixos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nixinfra.core.config.BuilderConfig;
import dev.nixinfra.core.config.ClientConfig;
import dev.nixinfra.core.config.Config;
import dev.nixinfra.core.config.ConfigLoader;
import dev.nixinfra.core.config.LoadResult;
import dev.nixinfra.providers.nix.AuthorizedKeys.ClientKey;
import dev.nixinfra.providers.nix.MachineEntry;
import dev.nixinfra.providers.nix.NixVersion;
import dev.nixinfra.providers.nixos.ClientModule.ClientSettings;
import dev.nixinfra.providers.nixos.ClientModule.SpeedFactorType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modules for builders and clients as nixinfra.yaml configures them. */
class FromConfigTest {
  static final String YAML = """
      stack: nixos-test
      builders:
        rack:
          host: rack.fleet.example
          port: 2222
          os: nixos
          systems: [x86_64-linux]
          max_jobs: 40
          speed_factor: 2
          supported_features: [big-parallel, nixinfra-gpu]
          tuning: { min_free: 10GiB, max_free: 50GiB, cores: 2, memory_max: "80%" }
      clients:
        server:
          kind: nixos
          host: app.fleet.example
          builders: all
          max_jobs: 0
      """;

  static Config config() {
    LoadResult r = ConfigLoader.parse(YAML, "nixinfra.yaml", Map.of());
    assertTrue(r.config().isPresent(), () -> r.diagnostics().toString());
    return r.config().get();
  }

  @Test
  void builderModuleFromConfig(@TempDir Path tmp) throws Exception {
    BuilderConfig rack = config().builders().get("rack");
    String text = BuilderModule.render(BuilderModule.settings(rack,
        List.of(new ClientKey("server", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc")), Optional.empty()));
    NixInstantiate.assertParses(text, tmp);
    JsonNode json = NixInstantiate.evalModule(text, tmp);
    assertEquals(40, json.at("/nix/nrBuildUsers").asInt(), "more than NixOS's 32 build users, spelled out");
    assertEquals(40, json.at("/nix/settings/max-jobs").asInt());
    assertEquals(2, json.at("/nix/settings/cores").asInt());
    assertEquals(10L << 30, json.at("/nix/settings/min-free").asLong());
    assertEquals(50L << 30, json.at("/nix/settings/max-free").asLong());
    assertEquals("80%", json.at("/systemd/services/nix-daemon/serviceConfig/MemoryMax").asText());
    assertTrue(json.at("/nix/settings/system-features").toString().contains("nixinfra-gpu"));
    assertEquals(1, json.at("/users/users/remotebuild/openssh/authorizedKeys/keys").size());
  }

  @Test
  void clientModuleFromConfig(@TempDir Path tmp) throws Exception {
    Config config = config();
    ClientConfig server = config.clients().get("server");
    BuilderConfig rack = config.builders().get("rack");
    MachineEntry entry = MachineEntry.forBuilder(rack, rack.host().orElseThrow(), List.of(), Optional.empty(),
        server.keyPath());
    String text = ClientModule.renderNixos(List.of(entry), ClientSettings.of(server), NixVersion.of(2, 18, 1),
        SpeedFactorType.POSITIVE_NUMBER).text();
    NixInstantiate.assertParses(text, tmp);
    JsonNode json = NixInstantiate.evalModule(text, tmp);
    assertEquals("nixinfra-rack", json.at("/nix/buildMachines/0/hostName").asText());
    assertEquals(ClientConfig.DEFAULT_KEY_PATH, json.at("/nix/buildMachines/0/sshKey").asText());
    assertEquals(2, json.at("/nix/buildMachines/0/speedFactor").asInt());
    assertEquals(0, json.at("/nix/settings/max-jobs").asInt());
    assertTrue(json.at("/programs/ssh/extraConfig").asText().contains("Port 2222\n"));
  }
}
