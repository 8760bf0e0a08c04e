package dev.nixinfra.cli.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nixinfra.core.config.Config;
import dev.nixinfra.core.config.ConfigLoader;
import dev.nixinfra.providers.bootstrap.BootstrapSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NixWiringTest {
  @TempDir Path dir;

  @Test
  void theAgentAloneWhenTheIdentityFileDoesNotExist() throws Exception {
    Path missing = dir.resolve("id_ed25519");
    Map<String, String> agent = Map.of("SSH_AUTH_SOCK", "/run/user/0/agent.sock");
    assertEquals(Optional.empty(), NixWiring.identity(missing, agent));
    assertEquals(Optional.of(missing), NixWiring.identity(missing, Map.of()), "no agent: the missing file is reported");
    Files.writeString(missing, "key");
    assertEquals(Optional.of(missing), NixWiring.identity(missing, agent), "file and agent: both are offered");
  }

  static Config config(String infectBlock) {
    return ConfigLoader.parse("stack: s\n" + infectBlock
        + "builders:\n  b:\n    host: b.example\n    systems: [x86_64-linux]\n", "nixinfra.yaml", Map.of())
        .config().orElseThrow();
  }

  @Test
  void theBootstrapWaitsAsLongAsTheConfigurationSays() {
    Map<String, String> env = Map.of("HOME", dir.toString());
    try (NixWiring w = NixWiring.of(config("nixos_infect:\n  reboot_timeout: 20m\n"), env)) {
      assertEquals(Duration.ofMinutes(20), w.bootstrapProvider().settings().rebootDeadline());
    }
    try (NixWiring w = NixWiring.of(config(""), env)) {
      assertEquals(Duration.ofMinutes(15), w.bootstrapProvider().settings().rebootDeadline(), "the default");
      assertEquals(BootstrapSettings.defaults(), w.bootstrapProvider().settings());
    }
  }
}
