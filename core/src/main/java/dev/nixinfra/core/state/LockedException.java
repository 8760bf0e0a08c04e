package dev.nixinfra.core.state;

import java.util.Optional;

/** Another run holds the state lock. */
public final class LockedException extends StateException {
  private final transient Optional<LockInfo> holder;

  public LockedException(String where, Optional<LockInfo> holder) {
    super("the state at " + where + " is locked by another run: "
        + holder.map(LockInfo::describe).orElse("holder unknown")
        + ". Wait for it to finish, or pass --lock-timeout to wait");
    this.holder = holder;
  }

  public Optional<LockInfo> holder() {
    return holder;
  }
}
