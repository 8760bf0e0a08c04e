package dev.nixinfra.state.local;

import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A held local state lock: an operating-system lock on the lock file, which the kernel drops when the process
 * dies in any way, plus the holder's details in a side file that exists only for messages.
 */
final class LocalLock implements StateLock {
  private final LockInfo info;
  private final FileChannel channel;
  private final FileLock lock;
  private final Path infoFile;
  private final Runnable onRelease;
  private final AtomicBoolean closed = new AtomicBoolean();

  LocalLock(LockInfo info, FileChannel channel, FileLock lock, Path infoFile, Runnable onRelease) {
    this.info = Objects.requireNonNull(info, "info");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.lock = Objects.requireNonNull(lock, "lock");
    this.infoFile = Objects.requireNonNull(infoFile, "infoFile");
    this.onRelease = Objects.requireNonNull(onRelease, "onRelease");
  }

  @Override
  public LockInfo info() {
    return info;
  }

  /**
   * Removes the details, then releases the lock: in that order, so the next holder's details are never deleted.
   * Closing again does nothing.
   */
  @Override
  public void close() throws StateException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    IOException failure = null;
    try {
      Files.deleteIfExists(infoFile);
    } catch (IOException e) {
      failure = e;
    }
    try (channel) {
      lock.release();
    } catch (IOException e) {
      failure = failure == null ? e : failure;
    } finally {
      onRelease.run();
    }
    if (failure != null) {
      throw new StateException("the state lock was released, but " + infoFile + " could not be cleaned up: "
          + IoReason.of(failure), failure);
    }
  }
}
