package dev.nixinfra.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nixinfra.cli.lab.ExecResult;
import dev.nixinfra.cli.lab.FleetLab;
import dev.nixinfra.cli.lab.LabHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One end-to-end class's fleet lab and working directory: the packaged jar runs there with that directory as HOME
 * (no ~/.ssh of the machine running the tests), and the files nixinfra may touch on each host are recorded before
 * the first apply, so a test can prove destroy put them back.
 */
final class LabRun implements AutoCloseable {
  private final FleetLab lab;
  private final Path dir;
  private final List<String> watched;
  private final Map<String, Map<String, String>> before = new LinkedHashMap<>();

  private LabRun(FleetLab lab, Path dir, List<String> watched) {
    this.lab = lab;
    this.dir = dir;
    this.watched = List.copyOf(watched);
  }

  /** Starts {@code hosts} hosts under {@code target/<name>/run-<millis>} and records {@code watched} on each. */
  static LabRun start(String name, int hosts, List<String> watched) throws IOException {
    Path dir = Path.of("target", name, "run-" + System.currentTimeMillis()).toAbsolutePath();
    Files.createDirectories(dir);
    LabRun run = new LabRun(FleetLab.start(hosts, dir.resolve("lab")), dir, watched);
    for (LabHost h : run.lab.hosts()) {
      run.before.put(h.name(), run.snapshot(h.name()));
    }
    return run;
  }

  FleetLab lab() {
    return lab;
  }

  Path dir() {
    return dir;
  }

  /** Every watched file's content on {@code host}, {@code <absent>} for a missing one. */
  Map<String, String> snapshot(String host) {
    Map<String, String> files = new LinkedHashMap<>();
    for (String f : watched) {
      ExecResult r = lab.exec(host, "sh", "-c", "test -e " + f + " && cat " + f + " || echo '<absent>'");
      assertEquals(0, r.exitCode(), r::toString);
      files.put(f, r.stdout());
    }
    return files;
  }

  /** The watched files of {@code host} as they were before the first apply. */
  Map<String, String> before(String host) {
    return before.get(host);
  }

  /** Every host's watched files are as they were before the first apply. */
  void assertEveryHostAsBefore(String when) {
    for (LabHost h : lab.hosts()) {
      assertEquals(before(h.name()), snapshot(h.name()), h.name() + " differs " + when);
    }
  }

  NixinfraProcess.Result nixinfra(String... args) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    return NixinfraProcess.runPackaged(dir, env, args);
  }

  @Override
  public void close() {
    lab.close();
  }
}
