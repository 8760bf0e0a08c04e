package dev.nixinfra.providers.bootstrap;

import dev.nixinfra.core.provider.ProviderException;
import java.util.Objects;
import java.util.Optional;

/**
 * A bootstrap stopped. {@link #hostChanged()} tells whether nixos-infect had started (the host may be half
 * converted, so the resource must be tainted) or nothing on the host was changed yet.
 */
public final class BootstrapException extends ProviderException {
  private final Bootstrap.Step step;
  private final boolean hostChanged;
  private final transient Optional<String> seenHostKey;

  public BootstrapException(Bootstrap.Step step, boolean hostChanged, Optional<String> seenHostKey, String message,
      Throwable cause) {
    super(message, cause);
    this.step = Objects.requireNonNull(step, "step");
    this.hostChanged = hostChanged;
    this.seenHostKey = Objects.requireNonNull(seenHostKey, "seenHostKey");
  }

  /** The step that failed. */
  public Bootstrap.Step step() {
    return step;
  }

  /** Whether nixos-infect had started on the host when the bootstrap stopped. */
  public boolean hostChanged() {
    return hostChanged;
  }

  /** The host key seen on the first contact, if the bootstrap got that far. */
  public Optional<String> seenHostKey() {
    return seenHostKey;
  }
}
