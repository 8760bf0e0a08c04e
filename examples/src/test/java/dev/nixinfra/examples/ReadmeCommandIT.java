package dev.nixinfra.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run as written: the launcher plans an example with no credentials, twice, so the
 * second run goes through the class-data archive the first one made.
 */
class ReadmeCommandIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path cache;

  private String run() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("./nixinfra", "plan", "-f", "examples/hetzner-arm-builder.yaml")
        .directory(ROOT.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("HCLOUD") || k.startsWith("NIXINFRA"));
    pb.environment().put("XDG_CACHE_HOME", cache.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the launcher did not finish");
    } finally {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void plansTheExampleWithoutCredentials() throws Exception {
    String first = run();
    assertTrue(first.contains("Plan: 9 to add, 0 to change, 0 to destroy."), first);
    try (var archives = Files.list(cache.resolve("nixinfra"))) {
      assertEquals(1, archives.filter(f -> f.toString().endsWith(".jsa")).count(), "the first run made an archive");
    }
    String second = run();
    assertEquals(first, second, "the archive changes nothing but speed");
  }
}
