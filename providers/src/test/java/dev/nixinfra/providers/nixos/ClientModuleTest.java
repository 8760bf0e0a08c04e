package dev.nixinfra.providers.nixos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nixinfra.core.config.Protocol;
import dev.nixinfra.providers.nix.MachineEntry;
import dev.nixinfra.providers.nix.NixVersion;
import dev.nixinfra.providers.nixos.ClientModule.ClientSettings;
import dev.nixinfra.providers.nixos.ClientModule.Rendered;
import dev.nixinfra.providers.nixos.ClientModule.SpeedFactorType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientModuleTest {
  static final String HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKey root@hetzner";
  static final NixVersion NEW_NIX = NixVersion.of(2, 24, 9);
  static final NixVersion OLD_NIX = NixVersion.of(2, 18, 1);

  static final MachineEntry HETZNER = new MachineEntry("hetzner", Protocol.SSH_NG, "remotebuild", "10.77.250.7", 22,
      List.of("x86_64-linux", "i686-linux"), "/etc/nix/nixinfra_ed25519", 8, 1.5, List.of("big-parallel", "kvm"),
      List.of("nixinfra"), Optional.of(HOST_KEY));
  static final MachineEntry OFFICE = new MachineEntry("office", Protocol.SSH, "nix-ssh", "build.example.org", 2222,
      List.of("aarch64-linux"), "/etc/nix/nixinfra_ed25519", 2, 2, List.of(), List.of(), Optional.empty());
  static final ClientSettings SETTINGS = new ClientSettings(true, Optional.of(0));

  @Test
  void nixosWithFloatOptionAndNewNixKeepsTheFraction(@TempDir Path tmp) throws Exception {
    Rendered r = ClientModule.renderNixos(List.of(HETZNER, OFFICE), SETTINGS, NEW_NIX, SpeedFactorType.POSITIVE_NUMBER);
    Golden.assertText("client-nixos.nix", r.text());
    NixInstantiate.assertParses(r.text(), tmp);
    JsonNode json = NixInstantiate.evalModule(r.text(), tmp);
    Golden.assertJson("client-nixos.json", json);
    assertTrue(json.at("/nix/distributedBuilds").asBoolean());
    JsonNode m0 = json.at("/nix/buildMachines/0");
    assertEquals("10.77.250.7", m0.get("hostName").asText());
    assertEquals("ssh-ng", m0.get("protocol").asText());
    assertTrue(m0.get("speedFactor").isFloatingPointNumber());
    assertEquals(1.5, m0.get("speedFactor").asDouble());
    assertEquals("[\"big-parallel\",\"kvm\",\"nixinfra\"]", m0.get("supportedFeatures").toString(),
        "mandatory features are supported ones too");
    assertEquals(HOST_KEY + "\n", new String(Base64.getDecoder().decode(m0.get("publicHostKey").asText()),
        StandardCharsets.UTF_8));
    JsonNode m1 = json.at("/nix/buildMachines/1");
    assertEquals("nixinfra-office", m1.get("hostName").asText(), "non-22 port goes through the alias");
    assertEquals("ssh", m1.get("protocol").asText());
    assertTrue(m1.get("publicHostKey") == null, "no pinned key: left to known_hosts");
    assertEquals("Host nixinfra-office\n  HostName build.example.org\n  Port 2222\n  HostKeyAlias nixinfra-office\n",
        json.at("/programs/ssh/extraConfig").asText());
    assertTrue(json.at("/nix/settings/builders-use-substitutes").asBoolean());
    assertEquals(0, json.at("/nix/settings/max-jobs").asInt());
    assertEquals(List.of(), r.warnings());
  }

  @Test
  void integerSpeedFactorForIntOptionOrNixBefore220(@TempDir Path tmp) throws Exception {
    for (Rendered r : List.of(
        ClientModule.renderNixos(List.of(HETZNER), SETTINGS, NEW_NIX, SpeedFactorType.INT),
        ClientModule.renderNixos(List.of(HETZNER), SETTINGS, OLD_NIX, SpeedFactorType.POSITIVE_NUMBER),
        ClientModule.renderDarwin(List.of(HETZNER), SETTINGS, NEW_NIX))) {
      NixInstantiate.assertParses(r.text(), tmp);
      JsonNode speed = NixInstantiate.evalModule(r.text(), tmp).at("/nix/buildMachines/0/speedFactor");
      assertTrue(speed.isIntegralNumber(), r.text());
      assertEquals(2, speed.asInt(), "1.5 rounds up");
      assertEquals(1, r.warnings().size());
      assertTrue(r.warnings().get(0).startsWith("hetzner: "), r.warnings().get(0));
    }
  }

  @Test
  void darwinPutsAliasesIntoAnSshConfigDFile(@TempDir Path tmp) throws Exception {
    Rendered r = ClientModule.renderDarwin(List.of(HETZNER, OFFICE), new ClientSettings(false, Optional.empty()),
        NEW_NIX);
    Golden.assertText("client-darwin.nix", r.text());
    NixInstantiate.assertParses(r.text(), tmp);
    JsonNode json = NixInstantiate.evalModule(r.text(), tmp);
    Golden.assertJson("client-darwin.json", json);
    assertEquals("Host nixinfra-office\n  HostName build.example.org\n  Port 2222\n  HostKeyAlias nixinfra-office\n",
        json.at("/environment/etc").get("ssh/ssh_config.d/100-nixinfra.conf").get("text").asText());
    assertTrue(json.at("/programs").isMissingNode());
    assertTrue(json.at("/nix/settings/max-jobs").isMissingNode());
    assertEquals(false, json.at("/nix/settings/builders-use-substitutes").asBoolean(true));
    assertEquals(1, r.aliases().size());
  }

  @Test
  void ipv6HostGoesThroughAnAliasAndNoMachinesIsAnEmptyList(@TempDir Path tmp) throws Exception {
    MachineEntry v6 = new MachineEntry("v6", Protocol.SSH_NG, "remotebuild", "[2001:db8::1]", 22,
        List.of("x86_64-linux"), "/etc/nix/nixinfra_ed25519", 1, 1, List.of(), List.of(), Optional.empty());
    JsonNode json = NixInstantiate.evalModule(
        ClientModule.renderNixos(List.of(v6), SETTINGS, NEW_NIX, SpeedFactorType.POSITIVE_NUMBER).text(), tmp);
    assertEquals("nixinfra-v6", json.at("/nix/buildMachines/0/hostName").asText());
    assertTrue(json.at("/programs/ssh/extraConfig").asText().contains("HostName 2001:db8::1\n"));
    String empty = ClientModule.renderNixos(List.of(), SETTINGS, NEW_NIX, SpeedFactorType.INT).text();
    NixInstantiate.assertParses(empty, tmp);
    assertEquals(0, NixInstantiate.evalModule(empty, tmp).at("/nix/buildMachines").size());
  }
}
