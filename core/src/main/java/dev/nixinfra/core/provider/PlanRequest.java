package dev.nixinfra.core.provider;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import java.util.Objects;
import java.util.Optional;

/**
 * One resource to complete while planning.
 *
 * @param proposed the configured values, references resolved where their values are known (the others are still
 *     {@link dev.nixinfra.core.model.Ref}s: not known until apply)
 * @param current the refreshed state; empty when the resource does not exist yet
 */
public record PlanRequest(Address address, Attributes proposed, Optional<ResourceState> current) {
  public PlanRequest {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(proposed, "proposed");
    Objects.requireNonNull(current, "current");
  }
}
