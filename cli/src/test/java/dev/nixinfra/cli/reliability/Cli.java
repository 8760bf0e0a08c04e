package dev.nixinfra.cli.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar alone (no test classes on its class path), run as a user runs it, in its own process. Every
 * process is ended through its own handle, never by name. With {@code -Dreliability.timing=true} the time each
 * run took is printed.
 */
final class Cli implements AutoCloseable {
  static final Path JAR = Path.of("target", "nixinfra.jar").toAbsolutePath();
  /**
   * An AppCDS archive of the jar's classes, as the launcher script keeps one: it cuts each start by about a second,
   * which over the suite's few hundred runs is minutes. The first run writes it at exit; runs started meanwhile go
   * without. Named by the jar's size and time, so an archive of an older build is never used.
   */
  private static final Path ARCHIVE = archive();

  private final Process process;
  private final CompletableFuture<String> out;
  private final CompletableFuture<String> err;
  /** Where this run writes the class archive as it exits, or null. */
  private final Path archiving;
  private long started;
  private String what;
  /** True while a run is writing the archive. */
  private static boolean archivingNow;

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Cli(Process process, Path archiving) {
    this.process = process;
    this.archiving = archiving;
    this.out = drain(process.getInputStream());
    this.err = drain(process.getErrorStream());
  }

  /** Starts {@code nixinfra args} in {@code dir} with {@code env} added to this JVM's environment; stdin is empty. */
  static Cli start(Path dir, Map<String, String> env, String... args) throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run the integration tests with 'mvn verify'");
    }
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xlog:disable"));
    Path archiving = null;
    synchronized (Cli.class) {
      if (Files.exists(ARCHIVE)) {
        cmd.add("-XX:SharedArchiveFile=" + ARCHIVE);
      } else if (!archivingNow) {
        archivingNow = true;
        archiving = ARCHIVE.resolveSibling(ARCHIVE.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        cmd.add("-XX:ArchiveClassesAtExit=" + archiving);
      }
    }
    cmd.addAll(List.of("-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().putAll(env);
    Cli cli = new Cli(pb.start(), archiving);
    cli.started = System.nanoTime();
    cli.what = String.join(" ", args);
    cli.process.getOutputStream().close();
    return cli;
  }

  /** Runs to the end (at most two minutes). */
  static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
    try (Cli cli = start(dir, env, args)) {
      return cli.waitFor(120);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  Result waitFor(long seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("nixinfra did not finish within " + seconds + " s");
    }
    Result r = new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    settleArchive();
    if (Boolean.getBoolean("reliability.timing")) {
      System.out.println("[timing] " + (System.nanoTime() - started) / 1_000_000 + " ms: " + what);
    }
    return r;
  }

  /** SIGKILL: the process gets no chance to clean up. True if it was still running. */
  boolean kill() throws InterruptedException {
    boolean alive = process.isAlive();
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    settleArchive();
    return alive;
  }

  /** Once the archiving run ended: its archive goes in place (when it wrote one), and the next run may try. */
  private void settleArchive() {
    if (archiving == null) {
      return;
    }
    synchronized (Cli.class) {
      try {
        if (Files.exists(archiving) && process.exitValue() == 0) {
          Files.move(archiving, ARCHIVE, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(archiving);
      } catch (IOException e) {
        // no archive: later runs start without one, only slower
      }
      archivingNow = false;
    }
  }

  private static Path archive() {
    try {
      return Path.of("target", "nixinfra-" + Files.size(JAR) + "-" + Files.getLastModifiedTime(JAR).toMillis()
          + ".jsa").toAbsolutePath();
    } catch (IOException e) {
      return Path.of("target", "nixinfra-missing.jsa").toAbsolutePath();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private static CompletableFuture<String> drain(InputStream s) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(s.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "<unreadable: " + e + ">";
      }
    });
  }
}
