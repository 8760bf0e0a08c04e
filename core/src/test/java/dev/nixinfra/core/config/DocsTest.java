package dev.nixinfra.core.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/config.md and docs/nixinfra.schema.json name every key the loader accepts, and every system type. */
class DocsTest {
  static final Path DOCS = Path.of("..", "docs");

  static List<String> allKeys() {
    List<String> keys = new ArrayList<>();
    keys.addAll(ConfigLoader.KEYS);
    keys.addAll(SettingsReader.STATE_KEYS);
    keys.addAll(SettingsReader.SSH_KEYS);
    keys.addAll(SettingsReader.HETZNER_KEYS);
    keys.addAll(SettingsReader.NIXOS_INFECT_KEYS);
    keys.addAll(BuilderReader.KEYS);
    keys.addAll(BuilderReader.HETZNER_KEYS);
    keys.addAll(TuningReader.KEYS);
    keys.addAll(ClientReader.KEYS);
    keys.addAll(TenantReader.KEYS);
    keys.addAll(SystemTypes.KNOWN);
    return keys;
  }

  @Test
  void theReferenceNamesEveryKey() throws IOException {
    String md = Files.readString(DOCS.resolve("config.md"));
    allKeys().forEach(k -> assertTrue(md.contains("`" + k + "`"), "config.md lacks `" + k + "`"));
  }

  @Test
  void theSchemaNamesEveryKey() throws IOException {
    String schema = Files.readString(DOCS.resolve("nixinfra.schema.json"));
    allKeys().forEach(k -> assertTrue(schema.contains("\"" + k + "\""), "schema lacks \"" + k + "\""));
    assertTrue(schema.contains("\"additionalProperties\": false"));
  }
}
