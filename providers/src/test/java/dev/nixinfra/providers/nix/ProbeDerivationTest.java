package dev.nixinfra.providers.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeDerivationTest {
  static final ProbeDerivation PROBE = new ProbeDerivation("1700000000-a1b2", "x86_64-linux");
  static final MachineLine LINE = new MachineLine("builder1",
      "ssh-ng://nixbuild@builder1 x86_64-linux /etc/nix/nixinfra_ed25519 1 1 - - -", Optional.empty(), List.of());

  @Test
  void expression() {
    assertEquals("derivation { name = \"nixinfra-probe-1700000000-a1b2\"; system = \"x86_64-linux\";"
        + " builder = \"/bin/sh\"; args = [ \"-c\" \"echo nixinfra-probe 1700000000-a1b2 > $out;"
        + " uname -n >> $out 2>/dev/null || echo unknown >> $out\" ]; }", PROBE.expression());
    assertFalse(PROBE.expression().contains("${"), "no Nix interpolation");
  }

  @Test
  void buildCommandUsesOneBuilderAndNoLocalJobs() {
    assertEquals(List.of("nix-build", "--no-out-link", "-j0", "--option", "builders",
        "ssh-ng://nixbuild@builder1 x86_64-linux /etc/nix/nixinfra_ed25519 1 1 - - -", "-E", PROBE.expression()),
        PROBE.buildCommand(LINE));
    assertEquals("nix-build --no-out-link -j0 --option builders"
        + " 'ssh-ng://nixbuild@builder1 x86_64-linux /etc/nix/nixinfra_ed25519 1 1 - - -' -E"
        + " 'derivation { name = \"nixinfra-probe-1700000000-a1b2\"; system = \"x86_64-linux\"; builder = \"/bin/sh\";"
        + " args = [ \"-c\" \"echo nixinfra-probe 1700000000-a1b2 > $out; uname -n >> $out 2>/dev/null"
        + " || echo unknown >> $out\" ]; }'", PROBE.shellCommand(LINE));
    assertEquals("'it'\\''s'", ProbeDerivation.quote("it's"));
  }

  @Test
  void recognisesTheRemoteBuildLogLine() {
    String log = "this derivation will be built:\n  /nix/store/abc-nixinfra-probe-1700000000-a1b2.drv\n"
        + "building '/nix/store/abc-nixinfra-probe-1700000000-a1b2.drv' on 'ssh-ng://nixbuild@builder1'...\n";
    assertTrue(PROBE.builtOn(log, LINE));
    assertFalse(PROBE.builtOn("building '/nix/store/abc-nixinfra-probe-1700000000-a1b2.drv'...\n", LINE));
    assertFalse(new ProbeDerivation("other", "x86_64-linux").builtOn(log, LINE));
  }

  @Test
  void refusesIdsAndSystemsThatCouldEscape() {
    assertThrows(IllegalArgumentException.class, () -> new ProbeDerivation("a\"; x", "x86_64-linux"));
    assertThrows(IllegalArgumentException.class, () -> new ProbeDerivation("ok", "x86_64-linux\""));
    assertThrows(IllegalArgumentException.class, () -> new ProbeDerivation("", "x86_64-linux"));
  }
}
