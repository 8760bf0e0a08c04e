package dev.nixinfra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.provider.Providers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;

  @Test
  void versionCommandAndOption() {
    InProcess nixinfra = new InProcess(dir, Providers.none(), Map.of());
    assertEquals(0, nixinfra.run("version"));
    assertTrue(nixinfra.out.toString().startsWith("nixinfra 0.1.0\non Java "), nixinfra.out.toString());
    assertEquals(0, nixinfra.run("--version"));
    assertTrue(nixinfra.out.toString().startsWith("nixinfra 0.1.0\n"), nixinfra.out.toString());
  }

  @Test
  void badUsageIsExitOneNotTwo() {
    InProcess nixinfra = new InProcess(dir, Providers.none(), Map.of());
    assertEquals(1, nixinfra.run("--no-such-option"));
    assertTrue(nixinfra.err.toString().contains("Unknown option: '--no-such-option'"), nixinfra.err.toString());
    assertEquals(1, nixinfra.run());
    assertEquals(1, nixinfra.run("plan", "--target", "not-an-address"));
    assertTrue(nixinfra.err.toString().contains("is not a resource address"), nixinfra.err.toString());
  }

  @Test
  void missingConfigurationFileIsAClearError() {
    InProcess nixinfra = new InProcess(dir, Providers.none(), Map.of());
    assertEquals(1, nixinfra.run("plan"));
    assertTrue(nixinfra.err.toString().contains("nixinfra.yaml"), nixinfra.err.toString());
    assertTrue(!nixinfra.err.toString().contains("Exception"), nixinfra.err.toString());
  }
}
