package dev.nixinfra.providers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointTest {
  @TempDir Path dir;

  static final HostKeyPolicy TOFU = new HostKeyPolicy.TrustOnFirstUse();

  Optional<Path> config() throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(file, String.join("\n",
        "Host builder1",
        "  HostName 10.1.2.3",
        "  Port 2222",
        "  User nixbuild",
        "  IdentityFile /keys/builder",
        "",
        "Host builder2 builder3",
        "  HostName 10.1.2.4",
        "",
        "Host *.lan",
        "  User lanuser",
        ""));
    return Optional.of(file);
  }

  @Test
  void aliasGivesHostNamePortUserAndIdentityFile() throws Exception {
    Endpoint e = Endpoint.resolve(new SshTarget("builder1", 0, Optional.empty(), TOFU), config());
    assertEquals(new Endpoint("10.1.2.3", 2222, "nixbuild", List.of(Path.of("/keys/builder"))), e);
  }

  @Test
  void whatTheTargetSetsWins() throws Exception {
    Endpoint e = Endpoint.resolve(new SshTarget("builder1", 22, Optional.of("root"), TOFU), config());
    assertEquals("10.1.2.3", e.hostName());
    assertEquals(22, e.port());
    assertEquals("root", e.user());
  }

  @Test
  void missingValuesFallBackToPort22AndRoot() throws Exception {
    Endpoint e = Endpoint.resolve(new SshTarget("builder3", 0, Optional.empty(), TOFU), config());
    assertEquals(new Endpoint("10.1.2.4", 22, "root", List.of()), e);
  }

  @Test
  void patternsMatch() throws Exception {
    Endpoint e = Endpoint.resolve(new SshTarget("x.lan", 0, Optional.empty(), TOFU), config());
    assertEquals(new Endpoint("x.lan", 22, "lanuser", List.of()), e);
  }

  @Test
  void unknownHostsAndNoConfigAreTakenAsTheyAre() throws Exception {
    assertEquals(new Endpoint("10.77.250.7", 22, "root", List.of()),
        Endpoint.resolve(new SshTarget("10.77.250.7", 0, Optional.empty(), TOFU), config()));
    assertEquals(new Endpoint("builder1", 2200, "admin", List.of()),
        Endpoint.resolve(new SshTarget("builder1", 2200, Optional.of("admin"), TOFU), Optional.empty()));
  }
}
