package dev.nixinfra.providers.nixos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NixStringTest {
  /** Text that breaks naive quoting: quotes, backslashes, interpolations, dollars, '' and control characters. */
  static final List<String> HOSTILE = List.of(
      "plain", "", "a\"b", "back\\slash", "\\", "\\\"", "${builtins.currentTime}", "$${x}", "$$", "$", "a$",
      "\\${x}", "''", "'''", "''${x}", "line\nbreak", "cr\rtab\t", "unicode: ü λ ✓", "ssh-ed25519 AAAA \"${x}\" a\\b",
      "}; evil = true; x = {", "# not a comment", "/* nor this */");

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "plain        | `\"plain\"`",
      "a\"b         | `\"a\\\"b\"`",
      "a\\b         | `\"a\\\\b\"`",
      "${x}         | `\"\\${x}\"`",
      "$${x}        | `\"$\\${x}\"`",
      "a$ b         | `\"a$ b\"`",
  })
  void escapesQuotesBackslashesAndInterpolations(String value, String expected) {
    assertEquals(expected, NixString.quote(value));
  }

  @Test
  void controlCharactersBecomeEscapes() {
    assertEquals("\"a\\nb\\rc\\td\"", NixString.quote("a\nb\rc\td"));
  }

  @Test
  void refusesNul() {
    assertThrows(IllegalArgumentException.class, () -> new NixString("a\0b"));
  }

  @Test
  void everyHostileStringRoundTripsThroughNix(@TempDir Path tmp) throws Exception {
    String list = HOSTILE.stream().map(NixString::quote).collect(Collectors.joining("\n  ", "[\n  ", "\n]\n"));
    NixInstantiate.assertParses(list, tmp);
    JsonNode json = NixInstantiate.evalExpression("import ./module.nix", tmp);
    assertEquals(HOSTILE.size(), json.size());
    for (int i = 0; i < HOSTILE.size(); i++) {
      assertEquals(HOSTILE.get(i), json.get(i).asText(), "element " + i);
    }
  }

  @Test
  void attributeNamesRoundTripThroughNix(@TempDir Path tmp) throws Exception {
    List<String> names = List.of("max-jobs", "a b", "if", "or", "ssh/ssh_config.d/100-nixinfra.conf", "${x}",
        "x'", "_private", "1abc", "a\"b", "a.b");
    String set = names.stream().map(n -> NixValues.attrName(n) + " = " + NixString.quote(n) + ";")
        .collect(Collectors.joining("\n  ", "{\n  ", "\n}\n"));
    NixInstantiate.assertParses(set, tmp);
    JsonNode json = NixInstantiate.evalExpression("import ./module.nix", tmp);
    assertEquals(names.size(), json.size());
    names.forEach(n -> assertEquals(n, json.get(n).asText(), n));
  }

  @Test
  void bareNamesStayBare() {
    assertEquals("max-jobs", NixValues.attrName("max-jobs"));
    assertEquals("\"if\"", NixValues.attrName("if"));
    assertEquals("environment.etc.\"ssh/x.conf\".text", NixValues.attrPath("environment", "etc", "ssh/x.conf", "text"));
    assertEquals("[ ]", NixValues.stringList(List.of()));
    assertEquals("[ \"a\" \"b\\\"\" ]", NixValues.stringList(List.of("a", "b\"")));
    assertEquals("(-3)", NixValues.integer(-3));
  }
}
