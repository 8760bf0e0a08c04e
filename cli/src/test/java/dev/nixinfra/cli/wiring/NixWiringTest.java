package dev.nixinfra.cli.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
