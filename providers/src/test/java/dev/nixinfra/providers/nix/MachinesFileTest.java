package dev.nixinfra.providers.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.config.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MachinesFileTest {
  static final String HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb root@builder1";
  static final String HOST_KEY_B64 =
      Base64.getEncoder().encodeToString((HOST_KEY + "\n").getBytes(StandardCharsets.UTF_8));
  static final NixVersion V2_3_16 = NixVersion.of(2, 3, 16);
  static final NixVersion V2_3_18 = NixVersion.of(2, 3, 18);
  static final NixVersion V2_8 = NixVersion.of(2, 8, 0);
  static final NixVersion V2_19 = NixVersion.of(2, 19, 3);
  static final NixVersion V2_20 = NixVersion.of(2, 20, 0);
  static final NixVersion V2_30 = NixVersion.of(2, 30, 2);
  static final NixVersion V2_31 = NixVersion.of(2, 31, 0);
  static final NixVersion LIX_2_92 = NixVersion.lix(2, 92, 0);
  static final NixVersion LIX_2_93 = NixVersion.lix(2, 93, 0);

  static MachineEntry entry(String host, int port, double speed, Optional<String> hostKey) {
    return new MachineEntry("builder1", Protocol.SSH_NG, "nixbuild", host, port,
        List.of("x86_64-linux", "i686-linux"), "/etc/nix/nixinfra_ed25519", 8, speed,
        List.of("nixos-test", "benchmark", "big-parallel"), List.of("kvm"), hostKey);
  }

  @Test
  void theHostKeyFieldIsBase64OfTheWholeLineWithItsNewline() {
    assertEquals("c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSUdiIHJvb3RAYnVpbGRlcjEK", HOST_KEY_B64);
    assertEquals(HOST_KEY_B64, MachinesFile.base64HostKey(HOST_KEY));
    assertEquals(HOST_KEY_B64, MachinesFile.base64HostKey("  " + HOST_KEY + "\t"));
  }

  @Test
  void rendersTheReferenceLine() {
    MachineLine line = MachinesFile.line(entry("builder1.example.org", 22, 2, Optional.of(HOST_KEY)), V2_8);
    assertEquals("ssh-ng://nixbuild@builder1.example.org x86_64-linux,i686-linux /etc/nix/nixinfra_ed25519 8 2"
        + " nixos-test,benchmark,big-parallel,kvm kvm " + HOST_KEY_B64, line.text());
    assertEquals(Optional.empty(), line.alias());
    assertEquals(List.of(), line.warnings());
  }

  @Test
  void emptyFieldsAreDashes() {
    MachineEntry e = new MachineEntry("b", Protocol.SSH, "nixbuild", "10.77.250.5", 22, List.of("aarch64-linux"),
        "/k", 1, 1, List.of(), List.of(), Optional.empty());
    assertEquals("ssh://nixbuild@10.77.250.5 aarch64-linux /k 1 1 - - -", MachinesFile.line(e, V2_20).text());
  }

  /** Speed factor per version: rounded up, at least 1, before 2.20; as written from 2.20 and on Lix. */
  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '|', value = {
      "1     | 2.19.3 | 1",
      "1.5   | 2.19.3 | 2",
      "0.25  | 2.19.3 | 1",
      "2.0   | 2.8.0  | 2",
      "2.01  | 2.3.18 | 3",
      "1     | 2.20.0 | 1",
      "1.5   | 2.20.0 | 1.5",
      "0.25  | 2.20.0 | 0.25",
      "2.0   | 2.20.0 | 2",
      "10    | 2.31.0 | 10",
  })
  void speedFactor(double speed, String version, String expected) {
    assertEquals(expected, MachinesFile.speedFactor(speed, NixVersion.parse("nix (Nix) " + version)));
  }

  @Test
  void aFractionalSpeedFactorBefore220IsRoundedWithAWarning() {
    MachineLine line = MachinesFile.line(entry("b.example", 22, 1.5, Optional.empty()), V2_19);
    assertTrue(line.text().contains(" 8 2 "), line.text());
    assertEquals(List.of("Nix 2.19.3 takes a whole speed factor; 1.5 is written as 2"), line.warnings());
    assertEquals(List.of(), MachinesFile.line(entry("b.example", 22, 1.5, Optional.empty()), V2_20).warnings());
    assertEquals(List.of(), MachinesFile.line(entry("b.example", 22, 1.5, Optional.empty()), LIX_2_92).warnings());
  }

  /** How a non-22 port (or an IPv6 host) is addressed, per version and whether a host key is pinned. */
  @ParameterizedTest(name = "{0}:{1} key={2} on {3}")
  @CsvSource(delimiter = '|', value = {
      "b.example   | 22   | false | nix (Nix) 2.8.0            | ssh-ng://nixbuild@b.example                 | false",
      "b.example   | 2222 | false | nix (Nix) 2.8.0            | ssh-ng://nixbuild@nixinfra-builder1         | true",
      "b.example   | 2222 | false | nix (Nix) 2.30.2           | ssh-ng://nixbuild@nixinfra-builder1         | true",
      "b.example   | 2222 | false | nix (Nix) 2.31.0pre2025_x  | ssh-ng://nixbuild@nixinfra-builder1         | true",
      "b.example   | 2222 | false | nix (Nix) 2.31.0           | ssh-ng://nixbuild@b.example:2222            | false",
      "b.example   | 2222 | true  | nix (Nix) 2.31.0           | ssh-ng://nixbuild@nixinfra-builder1         | true",
      "b.example   | 2222 | false | nix (Lix, like Nix) 2.92.1 | ssh-ng://nixbuild@nixinfra-builder1         | true",
      "b.example   | 2222 | false | nix (Lix, like Nix) 2.93.0 | ssh-ng://nixbuild@b.example?port=2222       | false",
      "b.example   | 2222 | true  | nix (Lix, like Nix) 2.93.0 | ssh-ng://nixbuild@nixinfra-builder1         | true",
      "2001:db8::1 | 22   | false | nix (Nix) 2.31.0           | ssh-ng://nixbuild@nixinfra-builder1         | true",
      "[2001:db8::1]| 22  | false | nix (Nix) 2.8.0            | ssh-ng://nixbuild@nixinfra-builder1         | true",
  })
  void addressing(String host, int port, boolean pinned, String version, String uri, boolean aliased) {
    MachineLine line = MachinesFile.line(
        entry(host, port, 1, pinned ? Optional.of(HOST_KEY) : Optional.empty()), NixVersion.parse(version));
    assertEquals(uri, line.text().split(" ")[0]);
    assertEquals(aliased, line.alias().isPresent());
    line.alias().ifPresent(a -> {
      assertEquals(new SshConfigAlias("nixinfra-builder1", host.replace("[", "").replace("]", ""), port), a);
    });
  }

  @Test
  void nix23PutsTheSshNgKeyInTheUriAndWarnsAboutTheHostKey() {
    MachineLine line = MachinesFile.line(entry("b.example", 22, 1, Optional.of(HOST_KEY)), V2_3_18);
    assertEquals("ssh-ng://nixbuild@b.example?ssh-key=/etc/nix/nixinfra_ed25519 x86_64-linux,i686-linux"
        + " /etc/nix/nixinfra_ed25519 8 1 nixos-test,benchmark,big-parallel,kvm kvm " + HOST_KEY_B64, line.text());
    assertEquals(List.of("Nix 2.3.18 ignores the host key field for ssh-ng://; add the builder's host key to root's"
        + " known_hosts on the client"), line.warnings());
    MachineLine aliased = MachinesFile.line(entry("b.example", 2222, 1, Optional.empty()), V2_3_16);
    assertEquals("ssh-ng://nixbuild@nixinfra-builder1?ssh-key=/etc/nix/nixinfra_ed25519",
        aliased.text().split(" ")[0]);
  }

  @Test
  void nix23HonoursBothFieldsForLegacySsh() {
    MachineEntry e = new MachineEntry("b", Protocol.SSH, "nixbuild", "b.example", 22, List.of("x86_64-linux"),
        "/k", 1, 1, List.of(), List.of(), Optional.of(HOST_KEY));
    assertEquals(List.of(), MachinesFile.line(e, V2_3_18).warnings());
    assertEquals(List.of("Nix 2.3.16 ignores the host key field for ssh://; add the builder's host key to root's"
        + " known_hosts on the client"), MachinesFile.line(e, V2_3_16).warnings());
    assertEquals("ssh://nixbuild@b.example", MachinesFile.line(e, V2_3_16).text().split(" ")[0]);
  }

  @Test
  void mandatoryFeaturesAreAlsoSupportedOnce() {
    MachineEntry e = new MachineEntry("b", Protocol.SSH_NG, "u", "h", 22, List.of("x86_64-linux"), "/k", 1, 1,
        List.of("kvm", "big-parallel"), List.of("benchmark", "kvm"), Optional.empty());
    assertEquals("ssh-ng://u@h x86_64-linux /k 1 1 kvm,big-parallel,benchmark benchmark,kvm -",
        MachinesFile.line(e, V2_31).text());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "host   | b example",
      "host   | b.example#x",
      "host   | u@b.example",
      "host   | b.example;x",
      "user   | root user",
      "user   | Nix",
      "key    | relative/key",
      "key    | /etc/nix/my key",
      "key    | /etc/nix/k#1",
      "system | x86_64-linux,i686-linux",
      "feature| big parallel",
      "feature| kvm;x",
      "hostkey| ssh-ed25519",
      "hostkey| ssh-ed25519 AAAA\"x",
      "hostkey| not-a-key AAAA",
  })
  void refusesValuesThatWouldBreakTheLine(String field, String value) {
    assertThrows(IllegalArgumentException.class, () -> new MachineEntry("b", Protocol.SSH_NG,
        field.equals("user") ? value : "u", field.equals("host") ? value : "h", 22,
        List.of(field.equals("system") ? value : "x86_64-linux"), field.equals("key") ? value : "/k", 1, 1,
        List.of(field.equals("feature") ? value : "kvm"), List.of(),
        field.equals("hostkey") ? Optional.of(value) : Optional.empty()));
  }

  @ParameterizedTest
  @CsvSource({"0, 1, 1", "22, 0, 1", "22, 1, 0", "22, 1, -1", "65536, 1, 1"})
  void refusesNumbersOutOfRange(int port, int maxJobs, double speed) {
    assertThrows(IllegalArgumentException.class, () -> new MachineEntry("b", Protocol.SSH_NG, "u", "h", port,
        List.of("x86_64-linux"), "/k", maxJobs, speed, List.of(), List.of(), Optional.empty()));
  }

  @Test
  void wholeFileGoldenForNix28AndNix231() throws Exception {
    List<MachineEntry> entries = List.of(
        entry("builder1.example.org", 22, 2, Optional.of(HOST_KEY)),
        new MachineEntry("office", Protocol.SSH, "remotebuild", "build.acme.example", 2222,
            List.of("x86_64-linux"), "/etc/nix/nixinfra_ed25519", 4, 1.5, List.of(), List.of(), Optional.empty()),
        new MachineEntry("mac", Protocol.SSH_NG, "remotebuild", "2001:db8::7", 22, List.of("aarch64-darwin"),
            "/etc/nix/nixinfra_ed25519", 2, 1, List.of("big-parallel"), List.of(), Optional.of(HOST_KEY)));
    MachinesFile.Rendered old = MachinesFile.render(entries, V2_8);
    Golden.assertMatches("machines-2.8.txt", old.text());
    Golden.assertMatches("ssh-aliases-2.8.conf", SshConfigAlias.renderAll(old.aliases()));
    assertEquals(List.of("office: Nix 2.8.0 takes a whole speed factor; 1.5 is written as 2"), old.warnings());
    MachinesFile.Rendered recent = MachinesFile.render(entries, V2_31);
    Golden.assertMatches("machines-2.31.txt", recent.text());
    assertEquals(List.of("nixinfra-mac"), recent.aliases().stream().map(SshConfigAlias::alias).toList());
    for (MachinesFile.Rendered r : List.of(old, recent)) {
      assertFalse(r.text().contains("\""), "Lix reads a machines file with a quote as TOML first");
      assertFalse(r.text().contains(";"), "Nix 2.8 splits on ; before it drops comments");
      assertTrue(r.text().startsWith("# Managed by nixinfra"));
    }
  }

  @Test
  void anEmptyListIsJustTheHeader() {
    assertEquals(MachinesFile.HEADER, MachinesFile.render(List.of(), V2_8).text());
  }
}
