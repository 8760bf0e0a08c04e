package dev.nixinfra.state.local;

import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.LockedException;
import dev.nixinfra.core.state.StateConflictException;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.core.state.StateStore;
import dev.nixinfra.core.state.StateVersion;
import dev.nixinfra.state.json.InvalidJsonException;
import dev.nixinfra.state.json.LockInfoJson;
import dev.nixinfra.state.json.StateJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * State in a local JSON file, such as {@code <config dir>/.nixinfra/state.json}. Next to it:
 * <ul>
 *   <li>{@code history/<serial>-<first 8 of lineage>.json}: every snapshot ever written, so none is lost;</li>
 *   <li>{@code state.json.lock}: the run lock, an operating-system lock on this otherwise empty file. The kernel
 *       releases it when the holder exits in any way, SIGKILL included, so a crash never leaves a stale lock;</li>
 *   <li>{@code state.json.lock.info}: who holds the run lock, only to name them in messages;</li>
 *   <li>{@code state.json.write.lock}: a short lock held during each write, so compare-and-set is atomic even
 *       between processes that did not take the run lock.</li>
 * </ul>
 * The lock files are never deleted: deleting a lock file while another process has it open would let two
 * processes lock two different files of the same name.
 *
 * <p>Operating-system locks belong to the process, not to a thread or a channel, and on Linux closing any channel
 * on a locked file drops the process's lock on it. So locks taken in this JVM are also tracked in a process-wide
 * table, and a second lock of the same state in this JVM is refused from the table without touching the file.
 */
public final class LocalStateStore implements StateStore {
  private static final Pattern HISTORY_NAME = Pattern.compile("(\\d+)-([0-9a-f]{8})\\.json");
  /** Locks held by this JVM, by {@link #identity()}. Guarded by itself. */
  private static final Map<Path, LocalLock> HELD = new HashMap<>();
  /** One monitor per state file, so two writers in this JVM never overlap on the write lock file. */
  private static final Map<Path, Object> WRITING = new ConcurrentHashMap<>();

  private final Path file;
  private final Path path;
  private final Path dir;
  private final Path historyDir;
  private final Path lockFile;
  private final Path lockInfoFile;
  private final Path writeLockFile;

  /** @param stateFile the state file's path, kept as given for messages; its folder is created when needed */
  public LocalStateStore(Path stateFile) {
    this.file = Objects.requireNonNull(stateFile, "stateFile");
    this.path = stateFile.toAbsolutePath().normalize();
    this.dir = path.getParent();
    this.historyDir = dir.resolve("history");
    String name = path.getFileName().toString();
    this.lockFile = dir.resolve(name + ".lock");
    this.lockInfoFile = dir.resolve(name + ".lock.info");
    this.writeLockFile = dir.resolve(name + ".write.lock");
  }

  /** The state file, as given to the constructor. */
  public Path file() {
    return file;
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public Optional<State> read() throws StateException {
    return readFile(file);
  }

  /**
   * Compare-and-set write: under the write lock, checks the stored state, saves the snapshot into the history,
   * then replaces the state file. Both writes are atomic, so a crash at any point leaves the old or the new state.
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
      try (FileChannel ch = openLockFile(writeLockFile)) {
        FileLock writeLock = ch.lock(); // waits for a write by another process; released when ch closes
        try {
          String name = path.getFileName().toString();
          AtomicFiles.removeTemporaries(dir, name::equals);
          AtomicFiles.removeTemporaries(historyDir, n -> HISTORY_NAME.matcher(n).matches());
          Optional<State> current = read();
          if (current.isPresent()) {
            refuseUnlessNewer(current.get(), next);
          }
          AtomicFiles.write(historyFile(next), text);
          AtomicFiles.write(path, text);
        } finally {
          writeLock.release();
        }
      } catch (IOException e) {
        throw new StateException("cannot write the state to " + file + ": " + reason(e), e);
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

  /** Every snapshot in {@code history/}, oldest first; each is read fully, so a damaged one is reported. */
  @Override
  public List<StateVersion> history() throws StateException {
    List<StateVersion> out = new ArrayList<>();
    for (Path p : historyFiles()) {
      State s = readHistoryFile(p);
      try {
        out.add(new StateVersion(s.lineage(), s.serial(), Files.getLastModifiedTime(p).toInstant(),
            s.resources().size()));
      } catch (IOException e) {
        throw new StateException("cannot read history file " + p + ": " + reason(e), e);
      }
    }
    out.sort(Comparator.comparingLong(StateVersion::serial).thenComparing(StateVersion::written));
    return out;
  }

  /**
   * The snapshot with {@code serial} from the history, for {@code state restore}. Snapshots of the current
   * lineage win; a serial kept for several other lineages and none of the current one is reported as ambiguous.
   */
  public Optional<State> readVersion(long serial) throws StateException {
    List<Path> candidates = new ArrayList<>();
    for (Path p : historyFiles()) {
      Matcher m = HISTORY_NAME.matcher(p.getFileName().toString());
      if (m.matches() && Long.parseLong(m.group(1)) == serial) {
        candidates.add(p);
      }
    }
    Optional<String> lineage = read().map(State::lineage);
    for (Path p : candidates) {
      if (lineage.isPresent() && p.getFileName().toString().endsWith("-" + prefix(lineage.get()) + ".json")) {
        return Optional.of(readHistoryFile(p));
      }
    }
    if (candidates.size() > 1) {
      throw new StateException("serial " + serial + " is kept in " + historyDir + " for " + candidates.size()
          + " different lineages; pick the file by hand");
    }
    return candidates.isEmpty() ? Optional.empty() : Optional.of(readHistoryFile(candidates.get(0)));
  }

  @Override
  public StateLock lock(LockInfo info, Duration timeout) throws StateException {
    Objects.requireNonNull(info, "info");
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    long backoffMillis = 100;
    Path identity = identity();
    while (true) {
      Optional<StateLock> taken = tryLock(identity, info);
      if (taken.isPresent()) {
        return taken.get();
      }
      long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
      if (remainingMillis <= 0) {
        throw new LockedException(describe(), holder());
      }
      try {
        Thread.sleep(Math.min(backoffMillis, remainingMillis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateException("interrupted while waiting for the state lock on " + file, e);
      }
      backoffMillis = Math.min(backoffMillis * 2, 2000);
    }
  }

  private Optional<StateLock> tryLock(Path identity, LockInfo info) throws StateException {
    synchronized (HELD) {
      if (HELD.containsKey(identity)) {
        return Optional.empty();
      }
      FileChannel ch = null;
      try {
        ch = openLockFile(lockFile);
        FileLock fileLock = tryLock(ch);
        if (fileLock == null) {
          ch.close();
          return Optional.empty();
        }
        AtomicFiles.write(lockInfoFile, LockInfoJson.write(info));
        LocalLock lock = new LocalLock(info, ch, fileLock, lockInfoFile, () -> forget(identity));
        HELD.put(identity, lock);
        return Optional.of(lock);
      } catch (IOException e) {
        closeQuietly(ch);
        throw new StateException("cannot lock the state at " + file + ": " + reason(e), e);
      }
    }
  }

  private static void forget(Path identity) {
    synchronized (HELD) {
      HELD.remove(identity);
    }
  }

  /**
   * Removes lock details left by a run that died. The operating-system lock itself needs no removing: it went
   * with the process. So this only ever deletes the details file, and refuses while a live process holds the lock.
   */
  @Override
  public void forceUnlock(String lockId) throws StateException {
    Objects.requireNonNull(lockId, "lockId");
    if (!Files.exists(lockInfoFile)) { // every holder, live or dead, has written its details
      throw new StateException("the state at " + file + " is not locked; there is nothing to unlock");
    }
    Path identity = identity();
    synchronized (HELD) {
      LocalLock mine = HELD.get(identity);
      if (mine != null) {
        throw new StateException("cannot force-unlock " + file + ": this process holds the lock ("
            + mine.info().describe() + ") and releases it when that run ends");
      }
      Optional<LockInfo> holder = holder();
      try (FileChannel ch = openLockFile(lockFile)) {
        FileLock probe = tryLock(ch);
        if (probe == null) {
          throw new StateException("cannot force-unlock " + file + ": local state locks are released when the "
              + "holding process exits; " + holder.map(h -> "process " + h.pid() + " on " + h.host())
              .orElse("another process") + " still holds it. Stop that process or wait for it to finish");
        }
        try (probe) {
          if (holder.isPresent() && !holder.get().id().equals(lockId)) {
            throw new StateException("cannot force-unlock " + file + ": the lock left there has id "
                + holder.get().id() + ", not " + lockId + " (" + holder.get().describe() + ")");
          }
          Files.deleteIfExists(lockInfoFile);
        }
      } catch (IOException e) {
        throw new StateException("cannot force-unlock " + file + ": " + reason(e), e);
      }
    }
  }

  /** Who holds the lock, from the details file; empty when it is missing or unreadable (it is only advice). */
  private Optional<LockInfo> holder() {
    try {
      return Optional.of(LockInfoJson.parse(Files.readString(lockInfoFile)));
    } catch (IOException | InvalidJsonException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Optional<State> readFile(Path p) throws StateException {
    String text;
    try {
      text = Files.readString(p);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (CharacterCodingException e) {
      throw new StateException("state file " + p + " is not valid: it is not UTF-8 text. Restore a previous "
          + "version from " + p.resolveSibling("history") + "/ or fix the file by hand");
    } catch (IOException e) {
      throw new StateException("cannot read state file " + p + ": " + reason(e), e);
    }
    return Optional.of(StateJson.read(text, p));
  }

  /** A snapshot in the history; a damaged one is reported as such, since the current state is not affected. */
  private State readHistoryFile(Path p) throws StateException {
    try {
      return StateJson.parse(Files.readString(p));
    } catch (InvalidJsonException e) {
      throw new StateException("history file " + p + " is not valid: " + e.getMessage() + ". The current state is"
          + " not affected; move the file out of " + historyDir + " or fix it by hand");
    } catch (IOException e) {
      throw new StateException("cannot read history file " + p + ": " + reason(e), e);
    }
  }

  private List<Path> historyFiles() throws StateException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(historyDir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(historyDir)) {
      for (Path p : files) {
        if (HISTORY_NAME.matcher(p.getFileName().toString()).matches()) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      throw new StateException("cannot list the state history in " + historyDir + ": " + reason(e), e);
    }
    return out;
  }

  private Path historyFile(State s) {
    return historyDir.resolve(s.serial() + "-" + prefix(s.lineage()) + ".json");
  }

  private static String prefix(String lineage) {
    return lineage.substring(0, 8);
  }

  /**
   * The state file as this JVM's tables know it: in its real folder, so that two spellings of one path, or a
   * symbolic link, still meet in one entry. Creates the folders, which must exist to be resolved.
   */
  private Path identity() throws StateException {
    createFolders();
    try {
      return dir.toRealPath().resolve(path.getFileName());
    } catch (IOException e) {
      throw new StateException("cannot resolve the state folder " + dir + ": " + reason(e), e);
    }
  }

  private void createFolders() throws StateException {
    try {
      AtomicFiles.createFolder(dir);
      AtomicFiles.createFolder(historyDir);
    } catch (IOException e) {
      throw new StateException("cannot create the state folder " + historyDir + ": " + reason(e), e);
    }
  }

  private FileChannel openLockFile(Path p) throws IOException {
    return FileChannel.open(p, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        AtomicFiles.privateFile(dir));
  }

  /** The lock on {@code ch}, or null when another process, or this JVM through another path, holds it. */
  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // already failing with the more useful exception
      }
    }
  }

  /** An I/O failure in words: "permission denied", "no space left on device". */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
  }
}
