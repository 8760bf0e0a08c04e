package dev.nixinfra.cli.reliability;

import dev.nixinfra.cli.e2e.NixinfraProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged jar alone (no test classes on its class path), run as a user runs it, through
 * {@link NixinfraProcess}, with a class-data archive that makes the suite's few hundred starts cheaper. With
 * {@code -Dreliability.timing=true} the time each run took is printed.
 */
final class Cli implements AutoCloseable {
  /**
   * An AppCDS archive of the jar's classes, as the launcher script keeps one: it cuts each start by about a second,
   * which over the suite's few hundred runs is minutes. The first run writes it at exit; runs started meanwhile go
   * without. Named by the jar's size and time, so an archive of an older build is never used.
   */
  private static final Path ARCHIVE = archive();
  /** True while a run is writing the archive. */
  private static boolean archivingNow;

  private final NixinfraProcess process;
  /** Where this run writes the class archive as it exits, or null. */
  private final Path archiving;
  private final long started = System.nanoTime();
  private final String what;

  private Cli(NixinfraProcess process, Path archiving, String what) {
    this.process = process;
    this.archiving = archiving;
    this.what = what;
  }

  /** Starts {@code nixinfra args} in {@code dir} with {@code env} added to this JVM's environment; stdin is empty. */
  static Cli start(Path dir, Map<String, String> env, String... args) throws IOException {
    List<String> options = new ArrayList<>(List.of("-XX:-UsePerfData", "-Xlog:disable"));
    Path archiving = null;
    synchronized (Cli.class) {
      if (Files.exists(ARCHIVE)) {
        options.add("-XX:SharedArchiveFile=" + ARCHIVE);
      } else if (!archivingNow) {
        archivingNow = true;
        archiving = ARCHIVE.resolveSibling(ARCHIVE.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        options.add("-XX:ArchiveClassesAtExit=" + archiving);
      }
    }
    Cli cli = new Cli(NixinfraProcess.start(options, false, dir, env, args), archiving, String.join(" ", args));
    cli.process.write("");
    return cli;
  }

  /** Runs to the end (at most two minutes). */
  static NixinfraProcess.Result run(Path dir, Map<String, String> env, String... args) throws Exception {
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

  NixinfraProcess.Result waitFor(long seconds) throws Exception {
    NixinfraProcess.Result r = process.waitFor(seconds);
    settleArchive(r.exit());
    if (Boolean.getBoolean("reliability.timing")) {
      System.out.println("[timing] " + (System.nanoTime() - started) / 1_000_000 + " ms: " + what);
    }
    return r;
  }

  /** SIGKILL: the process gets no chance to clean up. True if it was still running. */
  boolean kill() throws InterruptedException {
    boolean alive = process.isAlive();
    process.kill();
    settleArchive(-1);
    return alive;
  }

  /** Once the archiving run ended: its archive goes in place (when it wrote one), and the next run may try. */
  private void settleArchive(int exit) {
    if (archiving == null) {
      return;
    }
    synchronized (Cli.class) {
      try {
        if (Files.exists(archiving) && exit == 0) {
          Files.move(archiving, ARCHIVE, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(archiving);
      } catch (IOException e) {
        // no archive: later runs start without one, only slower
      }
      archivingNow = false;
    }
  }

  private static Path archive() {
    Path jar = NixinfraProcess.JAR;
    try {
      return Path.of("target", "nixinfra-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis()
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
}
