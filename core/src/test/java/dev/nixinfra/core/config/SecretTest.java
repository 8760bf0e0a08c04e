package dev.nixinfra.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.diag.Diagnostic;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A secret's value never shows: not in toString of any record that holds it, not in any diagnostic. */
class SecretTest {
  static final String TOKEN = "hc-SECRET-token-0123456789";
  static final String PG = "postgres://nixinfra:pg-SECRET-pass@db.acme.example/nixinfra";

  @Test
  void toStringHidesTheValue() {
    Secret s = new Secret(TOKEN, "env:HCLOUD_TOKEN");
    assertEquals("(sensitive)", s.toString());
    assertEquals(TOKEN, s.value());
  }

  @Test
  void configsHoldingSecretsNeverPrintThem() {
    String yaml = ConfigLoaderTest.FULL.replace("backend: local\n  path: .nixinfra/state.json",
        "backend: postgres\n  url: ${env:PG_URL}");
    LoadResult r = ConfigLoader.parse(yaml, "nixinfra.yaml", Map.of("HCLOUD_TOKEN", TOKEN, "PG_URL", PG));
    Config c = r.config().orElseThrow(() -> new AssertionError(Fixtures.lines(r.diagnostics())));
    assertEquals(TOKEN, c.hetzner().orElseThrow().token().orElseThrow().value());
    assertEquals(PG, c.state().url().orElseThrow().value());
    String shown = c.toString() + r + Expander.expand(c);
    assertFalse(shown.contains("SECRET"), shown);
  }

  @Test
  void diagnosticsNeverShowSecrets() {
    String yaml = """
        stack: acme
        state: { backend: local, url: "${env:PG_URL}" }
        hetzner: { token: "hc-SECRET-literal", location: fsn1, extra: 1 }
        builders:
          b: { host: b.example, systems: [x86_64-linux] }
        """;
    LoadResult r = ConfigLoader.parse(yaml, "nixinfra.yaml", Map.of("PG_URL", PG));
    assertTrue(r.hasErrors());
    assertEquals(3, r.diagnostics().size(), Fixtures.lines(r.diagnostics()));
    for (Diagnostic d : r.diagnostics()) {
      assertFalse(d.toString().contains("SECRET"), d.toString());
    }
    assertFalse(r.toString().contains("SECRET"));
  }

  @Test
  void aLiteralTokenIsWarnedAbout() {
    LoadResult r = ConfigLoader.parse(
        ConfigLoaderTest.MINIMAL + "hetzner: { token: hc-SECRET-literal }\n", "f.yaml", Map.of());
    assertEquals(1, r.diagnostics().size());
    assertEquals("the Hetzner token is written in f.yaml", r.diagnostics().get(0).summary());
    assertEquals("f.yaml", r.config().orElseThrow().hetzner().orElseThrow().token().orElseThrow().source());
  }
}
