package dev.nixinfra.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares rendered text with {@code src/test/resources/golden/NAME.txt}. Run the tests with
 * {@code -Dgolden.update=true} to (re)write the files instead; review the diff before committing them.
 */
final class Golden {
  static final Path DIR = Path.of("src", "test", "resources", "golden");

  private Golden() {}

  static void assertMatches(String name, String actual) throws IOException {
    Path file = DIR.resolve(name + ".txt");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(DIR);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(file)) {
      throw new AssertionError("no golden file " + file + "; run with -Dgolden.update=true and review it");
    }
    assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "rendering differs from " + file);
  }
}
