package dev.nixinfra.providers.nix;

import dev.nixinfra.core.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/nix/golden/}. Run the tests with {@code -Dgolden.update=true} to
 * rewrite them from the actual output, then review the diff before committing.
 */
final class Golden {
  static final Path DIR = Path.of("src", "test", "resources", "nix", "golden");

  private Golden() {}

  static void assertMatches(String name, String actual) throws IOException {
    GoldenFiles.assertText(DIR.resolve(name), actual);
  }
}
