package dev.nixinfra.state.local;

import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.StateConflictException;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.core.state.StateStore;
import dev.nixinfra.core.state.StateVersion;
import dev.nixinfra.state.json.StateJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State in a local JSON file, such as {@code <config dir>/.nixinfra/state.json}. Next to it:
 * <ul>
 *   <li>{@code history/<serial>-<first 8 of lineage>.json}: every snapshot ever written, so none is lost
 *       ({@link StateHistory});</li>
 *   <li>{@code state.json.lock} and {@code state.json.lock.info}: the run lock and its holder's details
 *       ({@link RunLock});</li>
 *   <li>{@code state.json.write.lock}: a short operating-system lock held during each write, so compare-and-set
 *       is atomic even between processes that did not take the run lock.</li>
 * </ul>
 * Files are written atomically and privately ({@link AtomicFiles}); folders are created when needed.
 */
public final class LocalStateStore implements StateStore {
  /** One monitor per state, so two writers in this JVM never overlap on the write lock file. */
  private static final Map<Path, Object> WRITING = new ConcurrentHashMap<>();

  private final Path file;
  private final Path path;
  private final Path dir;
  private final Path writeLockFile;
  private final StateHistory history;
  private final RunLock runLock;

  /** @param stateFile the state file's path, kept as given for messages */
  public LocalStateStore(Path stateFile) {
    this.file = Objects.requireNonNull(stateFile, "stateFile");
    this.path = stateFile.toAbsolutePath().normalize();
    this.dir = path.getParent();
    String name = path.getFileName().toString();
    this.writeLockFile = dir.resolve(name + ".write.lock");
    this.history = new StateHistory(dir.resolve("history"));
    this.runLock = new RunLock(stateFile.toString(), dir.resolve(name + ".lock"), dir.resolve(name + ".lock.info"));
  }

  /** The state file, as given to the constructor. */
  public Path file() {
    return file;
  }

  @Override
  public String describe() {
    return file.toString();
  }

  /** The current snapshot; empty when there is no file; a damaged file is reported with its place. */
  @Override
  public Optional<State> read() throws StateException {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (CharacterCodingException e) {
      throw new StateException("state file " + file + " is not valid: it is not UTF-8 text. Restore a previous "
          + "version from " + history.dir() + "/ or fix the file by hand");
    } catch (IOException e) {
      throw new StateException("cannot read state file " + file + ": " + IoReason.of(e), e);
    }
    return Optional.of(StateJson.read(text, file));
  }

  /**
   * Compare-and-set write: under the write lock, checks the stored state, saves the snapshot into the history,
   * then replaces the state file. Both writes are atomic, so a crash at any point leaves the old or the new state,
   * and the history holds every snapshot that ever became current.
   */
  @Override
  public void write(State next) throws StateException {
    Objects.requireNonNull(next, "next");
    String text;
    try {
      text = StateJson.write(next);
    } catch (IllegalArgumentException e) {
      throw new StateException("cannot save the state to " + file + ": " + e.getMessage());
    }
    synchronized (WRITING.computeIfAbsent(identity(), k -> new Object())) {
      try (FileChannel ch = FileChannel.open(writeLockFile,
          EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), AtomicFiles.privateFile(dir))) {
        FileLock writeLock = ch.lock(); // waits for a write by another process; released when ch closes
        try {
          // Only writers make these temporaries, and no other writer runs now: what is there was left by a crash.
          AtomicFiles.removeTemporaries(dir, path.getFileName().toString()::equals);
          AtomicFiles.removeTemporaries(history.dir(), StateHistory::isSnapshotName);
          Optional<State> current = read();
          if (current.isPresent()) {
            refuseUnlessNewer(current.get(), next);
          }
          AtomicFiles.write(history.fileFor(next), text);
          AtomicFiles.write(path, text);
        } finally {
          writeLock.release();
        }
      } catch (IOException e) {
        throw new StateException("cannot write the state to " + file + ": " + IoReason.of(e), e);
      }
    }
  }

  private void refuseUnlessNewer(State current, State next) throws StateConflictException {
    if (!current.lineage().equals(next.lineage())) {
      throw new StateConflictException("refusing to write to " + file + ": it holds the state with lineage "
          + current.lineage() + ", but the state being written has lineage " + next.lineage()
          + ", so they record different things. Check that you run nixinfra in the right folder");
    }
    if (current.serial() >= next.serial()) {
      throw new StateConflictException("refusing to write serial " + next.serial() + " to " + file
          + ": it is already at serial " + current.serial() + ", so another run changed it after this one read it."
          + " Run the command again to work from the current state");
    }
  }

  /** Every snapshot in {@code history/}, oldest first. */
  @Override
  public List<StateVersion> history() throws StateException {
    return history.versions();
  }

  @Override
  public Optional<State> readVersion(long serial) throws StateException {
    return history.version(serial, read().map(State::lineage));
  }

  @Override
  public StateLock lock(LockInfo info, Duration timeout) throws StateException {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(timeout, "timeout");
    return runLock.acquire(identity(), info, timeout);
  }

  @Override
  public void forceUnlock(String lockId) throws StateException {
    Objects.requireNonNull(lockId, "lockId");
    if (!runLock.hasDetails()) { // every holder, live or dead, has written its details
      throw new StateException("the state at " + file + " is not locked; there is nothing to unlock");
    }
    runLock.forceUnlock(identity(), lockId);
  }

  /**
   * The state file as this JVM's tables know it: in its real folder, so that two spellings of one path, or a
   * symbolic link, still meet in one entry. Creates the folders, which must exist to be resolved.
   */
  private Path identity() throws StateException {
    try {
      AtomicFiles.createFolder(dir);
      AtomicFiles.createFolder(history.dir());
      return dir.toRealPath().resolve(path.getFileName());
    } catch (IOException e) {
      throw new StateException("cannot create the state folder " + history.dir() + ": " + IoReason.of(e), e);
    }
  }
}
