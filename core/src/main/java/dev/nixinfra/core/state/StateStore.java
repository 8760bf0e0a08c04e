package dev.nixinfra.core.state;

import dev.nixinfra.core.model.State;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where state lives: a local file, or a database for teams. Every write is atomic: a reader sees the old
 * snapshot or the new one, never a mix, whenever the writer dies. No snapshot is ever lost: each written one is
 * kept in the history.
 */
public interface StateStore {
  /** Where the state lives, for messages, such as the file's path. Never contains credentials. */
  String describe();

  /** The current snapshot; empty when no state was ever written. */
  Optional<State> read() throws StateException;

  /**
   * Writes {@code next} as the current snapshot. Compare-and-set: refuses with {@link StateConflictException}
   * unless the current snapshot has the same lineage and a lower serial (or there is none yet), so a run never
   * overwrites a state it did not read.
   */
  void write(State next) throws StateException;

  /**
   * Takes the lock for one run, waiting up to {@code timeout} (zero: fail at once). Released when the returned
   * lock is closed or the process dies.
   *
   * @throws LockedException when another run holds it, naming that run
   */
  StateLock lock(LockInfo info, Duration timeout) throws StateException;

  /** Removes a lock left behind by a run that can no longer release it. */
  void forceUnlock(String lockId) throws StateException;

  /** Every snapshot ever written, oldest first. */
  List<StateVersion> history() throws StateException;

  /**
   * The snapshot written with {@code serial}, from the history, for {@code state restore}; empty when there is
   * none. Should the history hold that serial for several lineages, the current state's lineage wins.
   */
  Optional<State> readVersion(long serial) throws StateException;
}
