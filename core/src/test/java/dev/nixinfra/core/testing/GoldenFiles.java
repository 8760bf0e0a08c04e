package dev.nixinfra.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: expected text kept beside the tests. Run the tests with {@code -Dgolden.update=true} to (re)write
 * them from the actual output instead, then review the diff before committing.
 */
public final class GoldenFiles {
  private GoldenFiles() {}

  public static void assertText(Path file, String actual) throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(file)) {
      throw new AssertionError("no golden file " + file + "; run with -Dgolden.update=true and review it");
    }
    assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from golden file " + file);
  }
}
