package dev.nixinfra.providers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code host: local} runs the same commands as the SSH connection, with the same results. */
class LocalRunnerIT {
  static final Duration T = Duration.ofSeconds(10);
  @TempDir Path dir;

  /** Without sudo: the tests must not depend on sudo being installed or configured. */
  final LocalRunner local = new LocalRunner(false);

  @Test
  void runsAndStreams() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    CommandResult r = local.run("echo one; echo two >&2; printf three", T, (s, l) -> lines.add(s + " " + l));
    assertEquals("one\nthree", r.stdout());
    assertEquals("two\n", r.stderr());
    assertTrue(lines.containsAll(List.of("STDOUT one", "STDERR two", "STDOUT three")), lines::toString);
    assertEquals("local", local.name());
    assertEquals(Optional.empty(), local.hostKey());
  }

  @Test
  void failureAndTimeout() {
    RemoteCommandException e = assertThrows(RemoteCommandException.class,
        () -> local.run("for i in $(seq 1 25); do echo e$i >&2; done; exit 4", T, LineSink.discard()));
    assertEquals(4, e.exitStatus());
    assertEquals("e25", e.stderrTail().get(19));
    assertTrue(e.getMessage().startsWith("local: "), e.getMessage());
    long start = System.nanoTime();
    RemoteCommandException t = assertThrows(RemoteCommandException.class,
        () -> local.run("sleep 30", Duration.ofMillis(500), LineSink.discard()));
    assertTrue(t.timedOut());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
  }

  @Test
  void writesAndReadsFilesAtomically() throws Exception {
    Path file = dir.resolve("nix.conf");
    String content = "it's \"quoted\" $HOME `id`\nünïcødé ✓\n";
    assertEquals(Optional.empty(), local.readFile(file.toString(), T));
    local.writeFileAtomically(file.toString(), content, "0600", T);
    assertEquals(content, Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(Optional.of(content), local.readFile(file.toString(), T));
  }

  @Test
  void aFailingCommandDoesNotHangOnLargeStdin() {
    String big = "x".repeat(1 << 20);
    RemoteCommandException e = assertThrows(RemoteCommandException.class,
        () -> local.writeFileAtomically("/nonexistent-dir/f", big, "0644", T));
    assertTrue(e.exitStatus() > 0);
  }

  @Test
  void sudoIsUsedOnlyWhenNotRoot() throws Exception {
    boolean root = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim()
        .equals("0");
    assertEquals(!root, LocalRunner.create().usesSudo());
  }
}
