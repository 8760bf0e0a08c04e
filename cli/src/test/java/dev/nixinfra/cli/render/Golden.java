package dev.nixinfra.cli.render;

import dev.nixinfra.core.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Compares rendered text with {@code src/test/resources/golden/NAME.txt}. Run the tests with
 * {@code -Dgolden.update=true} to (re)write the files instead; review the diff before committing them.
 */
final class Golden {
  static final Path DIR = Path.of("src", "test", "resources", "golden");

  private Golden() {}

  static void assertMatches(String name, String actual) throws IOException {
    GoldenFiles.assertText(DIR.resolve(name + ".txt"), actual);
  }
}
