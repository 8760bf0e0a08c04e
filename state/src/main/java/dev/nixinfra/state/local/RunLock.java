package dev.nixinfra.state.local;

import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.LockWait;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.state.json.InvalidJsonException;
import dev.nixinfra.state.json.LockInfoJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lock one run holds on a local state: an operating-system lock ({@link FileChannel#tryLock()}) on a lock file
 * beside the state, never on the state file itself, which is replaced by renaming. The kernel releases it when the
 * holder exits in any way, SIGKILL included, so a crash never leaves a stale lock. The holder's {@link LockInfo}
 * is kept in a details file only to name it in messages.
 *
 * <p>The lock file is never deleted: deleting it while another process has it open would let two processes lock
 * two different files of the same name.
 *
 * <p>Operating-system locks belong to the process, not to a thread or channel, and on Linux closing any channel on
 * a locked file drops the process's lock on it. So locks held in this JVM are also kept in a process-wide table,
 * and a second lock of the same state in this JVM is refused from the table without opening the file again.
 */
final class RunLock {
  /** Locks held by this JVM, by the state's identity (its real path). Guarded by itself. */
  private static final Map<Path, LocalLock> HELD = new HashMap<>();

  /** How long a refused run waits for the holder's details to be written ({@link #holderOnceWritten}). */
  private static final Duration HOLDER_GRACE = Duration.ofSeconds(1);

  private final String where;
  private final Path lockFile;
  private final Path infoFile;

  /**
   * @param where the state's description for messages
   * @param lockFile the file locked; created when needed, in an existing folder
   * @param infoFile where the holder's details are written
   */
  RunLock(String where, Path lockFile, Path infoFile) {
    this.where = where;
    this.lockFile = lockFile;
    this.infoFile = infoFile;
  }

  /**
   * Takes the lock, waiting for it as every backend does ({@link LockWait}).
   *
   * @param identity the state's real path, the key of this JVM's table
   */
  StateLock acquire(Path identity, LockInfo info, Duration timeout) throws StateException {
    return LockWait.until(timeout, where, () -> tryAcquire(identity, info), this::holderOnceWritten);
  }

  private Optional<StateLock> tryAcquire(Path identity, LockInfo info) throws StateException {
    synchronized (HELD) {
      if (HELD.containsKey(identity)) {
        return Optional.empty();
      }
      FileChannel ch = null;
      try {
        ch = open();
        FileLock fileLock = tryLock(ch);
        if (fileLock == null) {
          ch.close();
          return Optional.empty();
        }
        AtomicFiles.write(infoFile, LockInfoJson.write(info));
        LocalLock lock = new LocalLock(info, ch, fileLock, infoFile, () -> forget(identity));
        HELD.put(identity, lock);
        return Optional.of(lock);
      } catch (IOException e) {
        closeQuietly(ch);
        throw new StateException("cannot lock the state at " + where + ": " + IoReason.of(e), e);
      }
    }
  }

  private static void forget(Path identity) {
    synchronized (HELD) {
      HELD.remove(identity);
    }
  }

  /** Whether a holder's details are there, from a live run or a dead one. */
  boolean hasDetails() {
    return Files.exists(infoFile);
  }

  /**
   * Removes the details a dead run left. The operating-system lock needs no removing, it went with the process;
   * so this refuses while a live process holds the lock, and when {@code lockId} is not the one left there.
   */
  void forceUnlock(Path identity, String lockId) throws StateException {
    synchronized (HELD) {
      LocalLock mine = HELD.get(identity);
      if (mine != null) {
        throw new StateException("cannot force-unlock " + where + ": this process holds the lock ("
            + mine.info().describe() + ") and releases it when that run ends");
      }
      Optional<LockInfo> holder = holder();
      try (FileChannel ch = open()) {
        FileLock probe = tryLock(ch);
        if (probe == null) {
          throw new StateException("cannot force-unlock " + where + ": local state locks are released when the "
              + "holding process exits; " + holder.map(h -> "process " + h.pid() + " on " + h.host())
              .orElse("another process") + " still holds it. Stop that process or wait for it to finish");
        }
        try (probe) {
          if (holder.isPresent() && !holder.get().id().equals(lockId)) {
            throw new StateException("cannot force-unlock " + where + ": the lock left there has id "
                + holder.get().id() + ", not " + lockId + " (" + holder.get().describe() + ")");
          }
          Files.deleteIfExists(infoFile);
        }
      } catch (IOException e) {
        throw new StateException("cannot force-unlock " + where + ": " + IoReason.of(e), e);
      }
    }
  }

  /**
   * The holder, giving a run that has just taken the lock up to a second to write its details: the OS lock is
   * taken first and the details file written right after, so a run refused in between would otherwise say
   * "holder unknown" about a perfectly healthy holder.
   */
  private Optional<LockInfo> holderOnceWritten() throws StateException {
    long deadline = System.nanoTime() + HOLDER_GRACE.toNanos();
    Optional<LockInfo> holder = holder();
    while (holder.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateException("interrupted while reading who holds the state lock on " + where, e);
      }
      holder = holder();
    }
    return holder;
  }

  /** Who holds the lock, from the details file; empty when missing or unreadable, as it is only advice. */
  private Optional<LockInfo> holder() {
    try {
      return Optional.of(LockInfoJson.parse(Files.readString(infoFile)));
    } catch (IOException | InvalidJsonException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private FileChannel open() throws IOException {
    return FileChannel.open(lockFile, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        AtomicFiles.privateFile(lockFile.getParent()));
  }

  /** The lock on {@code ch}, or null when another process, or this JVM through another path, holds it. */
  static FileLock tryLock(FileChannel ch) throws IOException {
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
}
