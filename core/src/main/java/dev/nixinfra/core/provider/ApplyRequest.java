package dev.nixinfra.core.provider;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a provider must make real.
 *
 * @param prior the object as it is now; empty to create
 * @param planned the values to reach; references are already resolved, and {@link dev.nixinfra.core.model.Unknown}
 *     marks computed attributes the provider must fill in
 * @param dependencies recorded in the new state so that destroy can walk them in reverse
 */
public record ApplyRequest(
    Address address, Optional<ResourceState> prior, Attributes planned, Set<Address> dependencies) {
  public ApplyRequest {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(prior, "prior");
    Objects.requireNonNull(planned, "planned");
    dependencies = Set.copyOf(dependencies);
    for (Object v : planned.values().values()) {
      if (!Attributes.refs(v).isEmpty()) {
        throw new IllegalArgumentException(address + ": unresolved reference in " + planned);
      }
    }
  }
}
