package dev.nixinfra.providers.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.providers.nix.NixVersion.Flavor;
import dev.nixinfra.providers.nix.NixVersion.PortSyntax;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NixVersionTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "nix (Nix) 2.18.1                              | NIX         | 2  | 18 | 1 | ''",
      "nix (Determinate Nix 3.6.2) 2.29.0            | DETERMINATE | 2  | 29 | 0 | ''",
      "nix (Nix) 2.31.0pre20250701_3f4b9a2           | NIX         | 2  | 31 | 0 | pre20250701_3f4b9a2",
      "nix (Lix, like Nix) 2.93.0                    | LIX         | 2  | 93 | 0 | ''",
      "nix-env (Nix) 2.3.18                          | NIX         | 2  | 3  | 18| ''",
      "nix-store (Nix) 2.8                           | NIX         | 2  | 8  | 0 | ''",
      "'  nix (Nix) 2.24.10\nmore lines\n'           | NIX         | 2  | 24 | 10| ''",
  })
  void parsesVersionOutput(String output, Flavor flavor, int major, int minor, int patch, String suffix) {
    assertEquals(new NixVersion(flavor, major, minor, patch, suffix), NixVersion.parse(output));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''",
      "2.18.1",
      "nix 2.18.1",
      "nix (Nix)",
      "nix (Tvix) 0.1.0",
  })
  void refusesOtherText(String output) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NixVersion.parse(output));
    assertTrue(e.getMessage().contains("nix"), e.getMessage());
  }

  @Test
  void aPreReleaseSortsBeforeItsRelease() {
    NixVersion pre = NixVersion.parse("nix (Nix) 2.31.0pre20250701_abc");
    assertTrue(pre.isPreRelease());
    assertTrue(pre.compareTo(NixVersion.of(2, 31, 0)) < 0);
    assertTrue(pre.compareTo(NixVersion.of(2, 30, 9)) > 0);
    assertFalse(pre.atLeast(2, 31));
    assertTrue(pre.atLeast(2, 30));
    assertEquals("2.31.0pre20250701_abc", pre.toString());
  }

  @Test
  void namesTheFlavorWhenNotUpstream() {
    assertEquals("Determinate 2.29.0", NixVersion.parse("nix (Determinate Nix 3.6.2) 2.29.0").toString());
    assertEquals("Lix 2.93.0", NixVersion.lix(2, 93, 0).toString());
  }

  /** One row per boundary in the reference's §1.3–§1.5 version matrix, on both sides of it. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // version                         | frac  | ports           | id ng | hk ng | hk ssh | extra | trust | warns
      "nix (Nix) 2.3.16                  | false | NONE            | false | false | false  | false | false | true",
      "nix (Nix) 2.3.17                  | false | NONE            | false | false | true   | false | false | true",
      "nix (Nix) 2.4.0                   | false | NONE            | true  | true  | true   | true  | false | false",
      "nix (Nix) 2.8.0                   | false | NONE            | true  | true  | true   | true  | false | false",
      "nix (Nix) 2.14.1                  | false | NONE            | true  | true  | true   | true  | false | false",
      "nix (Nix) 2.15.0                  | false | NONE            | true  | true  | true   | true  | true  | false",
      "nix (Nix) 2.19.3                  | false | NONE            | true  | true  | true   | true  | true  | false",
      "nix (Nix) 2.20.0pre20240101_x     | false | NONE            | true  | true  | true   | true  | true  | false",
      "nix (Nix) 2.20.0                  | true  | NONE            | true  | true  | true   | true  | true  | false",
      "nix (Nix) 2.21.4                  | true  | NONE            | true  | true  | true   | true  | true  | false",
      "nix (Nix) 2.22.0                  | true  | NONE            | true  | true  | true   | true  | true  | true",
      "nix (Determinate Nix 3.6.2) 2.29.0| true  | NONE            | true  | true  | true   | true  | true  | true",
      "nix (Nix) 2.30.2                  | true  | NONE            | true  | true  | true   | true  | true  | true",
      "nix (Nix) 2.31.0pre20250701_abc   | true  | NONE            | true  | true  | true   | true  | true  | true",
      "nix (Nix) 2.31.0                  | true  | HOST_COLON_PORT | true  | true  | true   | true  | true  | true",
      "nix (Lix, like Nix) 2.92.0        | true  | NONE            | true  | true  | true   | true  | true  | true",
      "nix (Lix, like Nix) 2.93.0        | true  | QUERY_PARAMETER | true  | true  | true   | true  | true  | true",
  })
  void featurePredicates(String output, boolean fractional, PortSyntax ports, boolean identitySshNg,
      boolean hostKeySshNg, boolean hostKeySsh, boolean extra, boolean trust, boolean warns) {
    NixVersion v = NixVersion.parse(output);
    assertEquals(fractional, v.acceptsFractionalSpeedFactor(), "fractional speed factor");
    assertEquals(ports, v.portSyntax(), "port syntax");
    assertEquals(identitySshNg, v.honoursIdentityField(true), "identity field for ssh-ng");
    assertTrue(v.honoursIdentityField(false), "identity field for ssh");
    assertEquals(hostKeySshNg, v.honoursHostKeyField(true), "host key field for ssh-ng");
    assertEquals(hostKeySsh, v.honoursHostKeyField(false), "host key field for ssh");
    assertEquals(extra, v.acceptsExtraPrefix(), "extra- prefix");
    assertEquals(extra, v.gatesNixCommand(), "nix-command gate");
    assertEquals(trust, v.reportsTrust(), "Trusted: in store ping/info");
    assertEquals(warns, v.warnsWhenBuildersIgnored(), "warns when --builders is ignored");
  }

  @Test
  void refusesNegativeNumbers() {
    assertThrows(IllegalArgumentException.class, () -> NixVersion.of(2, -1, 0));
  }
}
