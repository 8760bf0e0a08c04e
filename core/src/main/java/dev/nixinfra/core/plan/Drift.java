package dev.nixinfra.core.plan;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import java.util.Objects;
import java.util.Optional;

/**
 * A change made outside nixinfra, found by refresh: the resource as the last run left it, and as it is now
 * ({@code now} empty: it was deleted).
 */
public record Drift(Address address, Attributes recorded, Optional<Attributes> now) {
  public Drift {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(recorded, "recorded");
    Objects.requireNonNull(now, "now");
  }
}
