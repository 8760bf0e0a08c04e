package dev.nixinfra.providers.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.ResourceTypes;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.PartialApplyException;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.HostKeys;
import dev.nixinfra.providers.ssh.SshSettings;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap provider over real SSH (MINA client and server) against {@link ScriptedHost}, an Ubuntu host that
 * becomes NixOS across a reboot that drops the connection. Deadlines are short so the whole class takes seconds.
 */
class BootstrapIT {
  static final Address ADDRESS = new Address(ResourceTypes.NIXOS_INFECT, "b1");
  static final Address SERVER = new Address(ResourceTypes.HCLOUD_SERVER, "b1");
  static final String SHA = "d".repeat(64);
  static KeyPair hostKey;
  static KeyPair user;

  @TempDir static Path dir;
  ScriptedHost host;
  final List<String> said = new CopyOnWriteArrayList<>();
  final OperationContext context = new OperationContext(ADDRESS, (a, line) -> said.add(line), () -> false);
  BootstrapProvider provider;

  @BeforeAll
  static void keys() throws Exception {
    hostKey = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    user = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    try (OutputStream out = Files.newOutputStream(dir.resolve("id_ed25519"))) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(user, "test", null, out);
    }
  }

  @BeforeEach
  void start() throws Exception {
    host = new ScriptedHost(hostKey, user.getPublic());
    provider = provider(Duration.ofSeconds(15));
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  BootstrapProvider provider(Duration rebootDeadline) {
    SshSettings ssh = SshSettings.identityOnly(dir.resolve("id_ed25519"))
        .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3));
    BootstrapSettings settings = BootstrapSettings.defaults().withRebootDeadline(rebootDeadline)
        .withRetry(Duration.ofMillis(200), Duration.ZERO);
    return new BootstrapProvider(new SshBootstrapAccess(ssh), settings, Map.of("7563801d", SHA), Optional.empty());
  }

  ApplyRequest request() {
    return new ApplyRequest(ADDRESS, Optional.empty(), Attributes.of(Map.of("host", "127.0.0.1",
        "port", (long) host.port(), "nixos_channel", "nixos-25.05", "infect_commit", "7563801d",
        "host_key", Unknown.VALUE, "os_release", Unknown.VALUE)), Set.of(SERVER));
  }

  long count(String command) {
    return host.commands.stream().filter(command::equals).count();
  }

  @Test
  void ubuntuBecomesNixosAcrossTheReboot() throws Exception {
    ResourceState s = provider.apply(request(), context);
    assertFalse(s.tainted());
    assertEquals(Optional.of(HostKeys.toLine(hostKey.getPublic())), s.attributes().string("host_key"));
    assertEquals(Optional.of("nixos"), s.attributes().string("os_release"));
    assertEquals(2, host.boots, "the host rebooted once");
    assertEquals(1, count(Bootstrap.REBOOT_COMMAND));
    assertEquals(Bootstrap.CLEANUP_COMMAND, host.commands.get(host.commands.size() - 1));
    assertTrue(said.contains("127.0.0.1: building the system"), said::toString);
    String infect = host.commands.stream().filter(c -> c.contains(InfectScript.STARTED)).findFirst().orElseThrow();
    assertTrue(infect.contains("env PROVIDER=hetznercloud NIX_CHANNEL=nixos-25.05 NO_REBOOT=1"), infect);

    // Refresh: the pinned key still matches and the host is NixOS, so the state stands.
    assertEquals(Optional.of(s), provider.read(s, context));
    // Applying again on a NixOS host does not infect twice.
    int before = host.commands.size();
    assertFalse(provider.apply(request(), context).tainted());
    assertEquals(List.of(OsRelease.COMMAND), host.commands.subList(before, host.commands.size()));
  }

  @Test
  void alreadyNixosIsNotInfected() throws Exception {
    host.osId = "nixos";
    ResourceState s = provider.apply(request(), context);
    assertEquals(Optional.of("nixos"), s.attributes().string("os_release"));
    assertEquals(List.of(OsRelease.COMMAND), host.commands);
  }

  @Test
  void checksumMismatchRefusesBeforeAnythingChanged() {
    host.infect = ScriptedHost.Infect.MISMATCH;
    ProviderException e = assertThrows(ProviderException.class, () -> provider.apply(request(), context));
    assertFalse(e instanceof PartialApplyException, "nothing changed, so nothing is tainted");
    assertTrue(e.getMessage().contains("sha256 mismatch: expected aaaa, found bbbb")
        && e.getMessage().contains("nothing on the host was changed"), e.getMessage());
    assertEquals(0, count(Bootstrap.REBOOT_COMMAND));
    assertEquals("ubuntu", host.osId);
  }

  @Test
  void hostThatNeverComesBackIsTaintedWithATimeout() {
    host.neverBack = true;
    provider = provider(Duration.ofSeconds(2));
    PartialApplyException e = assertThrows(PartialApplyException.class, () -> provider.apply(request(), context));
    assertTrue(e.partial().tainted());
    assertTrue(e.getMessage().contains("did not come back as NixOS within 2 s")
        && e.getMessage().contains("connection refused"), e.getMessage());
  }

  @Test
  void anotherHostKeyAfterTheRebootStops() throws Exception {
    host.keyAfterReboot = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    PartialApplyException e = assertThrows(PartialApplyException.class, () -> provider.apply(request(), context));
    assertTrue(e.partial().tainted());
    assertEquals(Optional.of(HostKeys.toLine(hostKey.getPublic())), e.partial().attributes().string("host_key"));
    assertTrue(e.getMessage().contains("another SSH host key")
        && e.getMessage().contains(HostKeys.fingerprint(host.keyAfterReboot.getPublic())), e.getMessage());
    assertEquals(0, count(Bootstrap.CLEANUP_COMMAND));
  }

  @Test
  void failingScriptIsTaintedWithItsLastStderrLines() {
    host.infect = ScriptedHost.Infect.FAIL;
    PartialApplyException e = assertThrows(PartialApplyException.class, () -> provider.apply(request(), context));
    assertTrue(e.partial().tainted());
    assertTrue(e.getMessage().contains(ScriptedHost.FAILURE), e.getMessage());
    assertEquals(0, count(Bootstrap.REBOOT_COMMAND));
  }
}
