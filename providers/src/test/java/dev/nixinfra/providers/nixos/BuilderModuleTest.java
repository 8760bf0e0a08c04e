package dev.nixinfra.providers.nixos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nixinfra.core.config.Protocol;
import dev.nixinfra.core.config.Tuning;
import dev.nixinfra.providers.nix.AuthorizedKeys.ClientKey;
import dev.nixinfra.providers.nixos.BuilderModule.Gc;
import dev.nixinfra.providers.nixos.BuilderModule.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuilderModuleTest {
  static final ClientKey LAPTOP = new ClientKey("laptop", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc root@laptop");
  static final ClientKey CI = new ClientKey("ci", "ssh-rsa AAAAB3NzaC1yc2E=");
  static final long GIB = 1024L * 1024 * 1024;
  static final Tuning FULL_TUNING = new Tuning(Optional.of(10 * GIB), Optional.of(50 * GIB), Optional.of(4L),
      Optional.of("90%"), Optional.empty());

  static Settings full() {
    return new Settings("remotebuild", Protocol.SSH_NG, List.of(LAPTOP, CI), 48, FULL_TUNING, Optional.of(64),
        List.of("big-parallel", "gccarch-znver3"), List.of("nixinfra"), Optional.of(Gc.WEEKLY));
  }

  static Settings minimal() {
    return new Settings("remotebuild", Protocol.SSH_NG, List.of(LAPTOP), 4, Tuning.NONE, Optional.empty(),
        List.of("kvm", "big-parallel"), List.of(), Optional.empty());
  }

  @Test
  void fullModuleParsesAndEvaluatesToTheGoldenStructure(@TempDir Path tmp) throws Exception {
    String text = BuilderModule.render(full());
    Golden.assertText("builder-full.nix", text);
    NixInstantiate.assertParses(text, tmp);
    JsonNode json = NixInstantiate.evalModule(text, tmp);
    Golden.assertJson("builder-full.json", json);
    JsonNode user = json.at("/users/users/remotebuild");
    assertEquals("restrict,command=\"/run/current-system/sw/bin/nix-daemon --stdio\" ssh-rsa AAAAB3NzaC1yc2E= nixinfra@ci",
        user.at("/openssh/authorizedKeys/keys/0").asText(), "sorted by client, forced command");
    assertTrue(user.get("isSystemUser").asBoolean());
    assertEquals("remotebuild", user.get("group").asText());
    assertEquals("[\"remotebuild\"]", json.at("/nix/settings/trusted-users").toString());
    assertEquals(10 * GIB, json.at("/nix/settings/min-free").asLong());
    assertTrue(json.at("/nix/settings/max-free").isIntegralNumber());
    assertEquals(64, json.at("/nix/nrBuildUsers").asInt());
    assertEquals("90%", json.at("/systemd/services/nix-daemon/serviceConfig/MemoryMax").asText());
    assertEquals(500, json.at("/systemd/services/nix-daemon/serviceConfig/OOMScoreAdjust").asInt());
    assertEquals("[\"benchmark\",\"big-parallel\",\"gccarch-znver3\",\"kvm\",\"nixinfra\",\"nixos-test\"]",
        json.at("/nix/settings/system-features").toString(), "defaults kept, declared ones added");
    assertTrue(json.at("/nix/gc/automatic").asBoolean());
  }

  @Test
  void minimalModuleLeavesDefaultsAlone(@TempDir Path tmp) throws Exception {
    String text = BuilderModule.render(minimal());
    Golden.assertText("builder-minimal.nix", text);
    NixInstantiate.assertParses(text, tmp);
    JsonNode json = NixInstantiate.evalModule(text, tmp);
    Golden.assertJson("builder-minimal.json", json);
    assertTrue(json.at("/nix/settings/system-features").isMissingNode(), "kvm and big-parallel are defaults");
    assertTrue(json.at("/nix/nrBuildUsers").isMissingNode());
    assertTrue(json.at("/nix/settings/cores").isMissingNode());
    assertFalse(json.has("systemd"));
    assertTrue(json.at("/nix/gc").isMissingNode());
    assertTrue(text.startsWith("# Managed by nixinfra"));
  }

  @Test
  void sshProtocolForcesNixStoreServeAndNoKeysIsAnEmptyList(@TempDir Path tmp) throws Exception {
    String ssh = BuilderModule.render(new Settings("nix-ssh", Protocol.SSH, List.of(LAPTOP), 1, Tuning.NONE,
        Optional.empty(), List.of(), List.of(), Optional.empty()));
    JsonNode json = NixInstantiate.evalModule(ssh, tmp);
    assertEquals("restrict,command=\"/run/current-system/sw/bin/nix-store --serve --write\" "
        + "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc nixinfra@laptop",
        json.at("/users/users/nix-ssh/openssh/authorizedKeys/keys/0").asText());
    String none = BuilderModule.render(new Settings("remotebuild", Protocol.SSH_NG, List.of(), 1, Tuning.NONE,
        Optional.empty(), List.of(), List.of(), Optional.empty()));
    assertEquals(0, NixInstantiate.evalModule(none, tmp).at("/users/users/remotebuild/openssh/authorizedKeys/keys")
        .size());
  }

  @Test
  void gcOptionsWithQuotesBackslashesAndInterpolationsRoundTrip(@TempDir Path tmp) throws Exception {
    String hostile = "--max-freed \"${toString 1}\" \\ $${x}";
    String text = BuilderModule.render(new Settings("remotebuild", Protocol.SSH_NG, List.of(), 1, Tuning.NONE,
        Optional.empty(), List.of(), List.of(), Optional.of(new Gc("Sun *-*-* 03:00", hostile))));
    NixInstantiate.assertParses(text, tmp);
    JsonNode json = NixInstantiate.evalModule(text, tmp);
    assertEquals(hostile, json.at("/nix/gc/options").asText());
    assertEquals("Sun *-*-* 03:00", json.at("/nix/gc/dates").asText());
  }

  @Test
  void refusesValuesThatAreNotWhatTheyClaim() {
    assertThrows(IllegalArgumentException.class, () -> new Settings("root", Protocol.SSH_NG, List.of(), 1,
        Tuning.NONE, Optional.empty(), List.of(), List.of(), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new Settings("a b", Protocol.SSH_NG, List.of(), 1,
        Tuning.NONE, Optional.empty(), List.of(), List.of(), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new Settings("remotebuild", Protocol.SSH_NG, List.of(), 0,
        Tuning.NONE, Optional.empty(), List.of(), List.of(), Optional.empty()));
    Tuning badMemory = new Tuning(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("90%\"; x"),
        Optional.empty());
    assertThrows(IllegalArgumentException.class, () -> new Settings("remotebuild", Protocol.SSH_NG, List.of(), 1,
        badMemory, Optional.empty(), List.of(), List.of(), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new Settings("remotebuild", Protocol.SSH_NG, List.of(), 8,
        Tuning.NONE, Optional.of(4), List.of(), List.of(), Optional.empty()), "fewer build users than jobs");
    assertThrows(IllegalArgumentException.class, () -> new Gc("weekly\nx", ""));
  }
}
