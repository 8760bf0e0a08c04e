package dev.nixinfra.state.local;

import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateVersion;
import dev.nixinfra.state.json.InvalidJsonException;
import dev.nixinfra.state.json.StateJson;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The history folder: every snapshot written, as {@code <serial>-<first 8 of lineage>.json}. The lineage in the
 * name keeps snapshots of two different states apart should one folder ever hold both.
 */
final class StateHistory {
  private static final Pattern NAME = Pattern.compile("(\\d+)-([0-9a-f]{8})\\.json");

  private final Path dir;

  StateHistory(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** Whether {@code fileName} is the name of a snapshot file. */
  static boolean isSnapshotName(String fileName) {
    return NAME.matcher(fileName).matches();
  }

  /** Where the snapshot of {@code state} is kept. */
  Path fileFor(State state) {
    return dir.resolve(state.serial() + "-" + prefix(state.lineage()) + ".json");
  }

  /** Every snapshot, oldest first; each is read fully, so a damaged one is reported. */
  List<StateVersion> versions() throws StateException {
    List<StateVersion> out = new ArrayList<>();
    for (Path p : files()) {
      State s = read(p);
      try {
        out.add(new StateVersion(s.lineage(), s.serial(), Files.getLastModifiedTime(p).toInstant(),
            s.resources().size()));
      } catch (IOException e) {
        throw new StateException("cannot read history file " + p + ": " + IoReason.of(e), e);
      }
    }
    out.sort(Comparator.comparingLong(StateVersion::serial).thenComparing(StateVersion::written));
    return out;
  }

  /**
   * The snapshot with {@code serial}. One of {@code lineage} wins; a serial kept only for several other lineages
   * is reported as ambiguous rather than guessed.
   */
  Optional<State> version(long serial, Optional<String> lineage) throws StateException {
    List<Path> candidates = new ArrayList<>();
    for (Path p : files()) {
      Matcher m = NAME.matcher(p.getFileName().toString());
      if (m.matches() && m.group(1).equals(Long.toString(serial))) {
        candidates.add(p);
      }
    }
    for (Path p : candidates) {
      if (lineage.isPresent() && p.getFileName().toString().endsWith("-" + prefix(lineage.get()) + ".json")) {
        return Optional.of(read(p));
      }
    }
    if (candidates.size() > 1) {
      throw new StateException("serial " + serial + " is kept in " + dir + " for " + candidates.size()
          + " different lineages; pick the file by hand");
    }
    return candidates.isEmpty() ? Optional.empty() : Optional.of(read(candidates.get(0)));
  }

  /** A damaged snapshot is reported as such: the current state is not affected by it. */
  private State read(Path p) throws StateException {
    try {
      return StateJson.parse(Files.readString(p));
    } catch (InvalidJsonException e) {
      throw new StateException("history file " + p + " is not valid: " + e.getMessage() + ". The current state is"
          + " not affected; move the file out of " + dir + " or fix it by hand");
    } catch (IOException e) {
      throw new StateException("cannot read history file " + p + ": " + IoReason.of(e), e);
    }
  }

  private List<Path> files() throws StateException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        if (isSnapshotName(p.getFileName().toString())) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      throw new StateException("cannot list the state history in " + dir + ": " + IoReason.of(e), e);
    }
    return out;
  }

  private static String prefix(String lineage) {
    return lineage.substring(0, 8);
  }
}
