package dev.nixinfra.core.provider;

import dev.nixinfra.core.model.ResourceState;
import java.util.Objects;

/**
 * An apply failed after the object came into being (a server was created, then its bootstrap failed). The core
 * records {@link #partial()} in state as tainted, so nothing that exists is forgotten and the next plan replaces it.
 */
public final class PartialApplyException extends ProviderException {
  private final transient ResourceState partial;

  public PartialApplyException(String message, ResourceState partial, Throwable cause) {
    super(message, cause);
    this.partial = Objects.requireNonNull(partial, "partial");
  }

  public ResourceState partial() {
    return partial;
  }
}
