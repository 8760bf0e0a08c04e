package dev.nixinfra.providers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {
  @Test
  void plainWordsStayAsTheyAre() {
    assertEquals("/etc/nix/nix.conf", Shell.quote("/etc/nix/nix.conf"));
    assertEquals("a-b_c.d,e=f:g@h%i+j", Shell.quote("a-b_c.d,e=f:g@h%i+j"));
  }

  @Test
  void everythingElseIsSingleQuoted() {
    assertEquals("''", Shell.quote(""));
    assertEquals("'a b'", Shell.quote("a b"));
    assertEquals("'it'\\''s'", Shell.quote("it's"));
    assertEquals("'$HOME'", Shell.quote("$HOME"));
    assertEquals("'~/x'", Shell.quote("~/x"));
    assertEquals("'a\nb'", Shell.quote("a\nb"));
  }

  @Test
  void refusesNul() {
    assertThrows(IllegalArgumentException.class, () -> Shell.quote("a\0b"));
  }

  /** The real test: sh gives back exactly the value, whatever it holds. */
  @Test
  void shExpandsTheQuotedWordToTheValue() throws Exception {
    List<String> values = List.of("", "plain", "two words", "it's", "''", "\"double\"", "$HOME ${x} $(id) `id`",
        "back\\slash", "new\nline", "tab\there", "*?[a]", "ünïcødé ✓", "-n", "; rm -rf / #", "'\\''");
    for (String v : values) {
      Process p = new ProcessBuilder("/bin/sh", "-c", "printf '%s' " + Shell.quote(v)).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor());
      assertEquals(v, out, "for " + v);
    }
  }
}
