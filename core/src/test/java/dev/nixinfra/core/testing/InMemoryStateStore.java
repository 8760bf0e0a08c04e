package dev.nixinfra.core.testing;

import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.LockedException;
import dev.nixinfra.core.state.StateConflictException;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.core.state.StateStore;
import dev.nixinfra.core.state.StateVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A state store in memory with the same compare-and-set and locking rules as the real ones. */
public final class InMemoryStateStore implements StateStore {
  private final List<State> written = new ArrayList<>();
  private LockInfo holder;

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public synchronized Optional<State> read() {
    return written.isEmpty() ? Optional.empty() : Optional.of(written.get(written.size() - 1));
  }

  @Override
  public synchronized void write(State next) throws StateException {
    Optional<State> current = read();
    if (current.isPresent() && (!current.get().lineage().equals(next.lineage())
        || current.get().serial() >= next.serial())) {
      throw new StateConflictException("refused to overwrite serial " + current.get().serial()
          + " with serial " + next.serial());
    }
    written.add(next);
  }

  /** Every snapshot written, oldest first. */
  public synchronized List<State> written() {
    return List.copyOf(written);
  }

  @Override
  public synchronized StateLock lock(LockInfo info, Duration timeout) throws StateException {
    if (holder != null) {
      throw new LockedException(describe(), Optional.of(holder));
    }
    holder = info;
    return new StateLock() {
      @Override
      public LockInfo info() {
        return info;
      }

      @Override
      public void close() {
        synchronized (InMemoryStateStore.this) {
          if (holder == info) {
            holder = null;
          }
        }
      }
    };
  }

  @Override
  public synchronized void forceUnlock(String lockId) {
    if (holder != null && holder.id().equals(lockId)) {
      holder = null;
    }
  }

  @Override
  public synchronized Optional<State> readVersion(long serial) {
    Optional<String> lineage = read().map(State::lineage);
    List<State> found = written.stream().filter(s -> s.serial() == serial).toList();
    return found.stream().filter(s -> lineage.equals(Optional.of(s.lineage()))).findFirst()
        .or(() -> found.stream().findFirst());
  }

  @Override
  public synchronized List<StateVersion> history() {
    return written.stream()
        .map(s -> new StateVersion(s.lineage(), s.serial(), Instant.EPOCH, s.resources().size()))
        .toList();
  }
}
