package dev.nixinfra.providers.nixos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nixinfra.core.testing.GoldenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/nixos/golden/}: the rendered {@code .nix} text and the JSON it
 * evaluates to. Run with {@code -Dgolden.update=true} to rewrite them, then review the diff before committing.
 */
final class Golden {
  static final Path DIR = Path.of("src", "test", "resources", "nixos", "golden");

  private Golden() {}

  static void assertText(String name, String actual) throws IOException {
    GoldenFiles.assertText(DIR.resolve(name), actual);
  }


  /** Compares as JSON values (so formatting does not matter, but int 2 and float 2.0 differ). */
  static void assertJson(String name, JsonNode actual) throws IOException {
    Path file = DIR.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(DIR);
      Files.writeString(file, NixInstantiate.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n",
          StandardCharsets.UTF_8);
    }
    assertEquals(NixInstantiate.JSON.readTree(file.toFile()), actual, "golden file " + file);
  }
}
