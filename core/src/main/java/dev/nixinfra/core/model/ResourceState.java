package dev.nixinfra.core.model;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What nixinfra knows of one resource that exists: the last values applied or refreshed.
 *
 * @param id the provider's identifier (a Hetzner server id, a host name); never empty
 * @param attributes every attribute's value; never holds {@link Unknown} or {@link Ref}
 * @param tainted the last apply of this resource did not finish, so the next plan replaces it
 * @param dependencies the resources it depended on when it was applied; destroy walks these in reverse
 */
public record ResourceState(
    Address address, String id, Attributes attributes, boolean tainted, Set<Address> dependencies) {
  public ResourceState {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(attributes, "attributes");
    if (id.isEmpty()) {
      throw new IllegalArgumentException(address + ": a resource in state needs an id");
    }
    if (attributes.hasPending()) {
      throw new IllegalArgumentException(address + ": state cannot hold values not known yet: " + attributes);
    }
    dependencies = Collections.unmodifiableSortedSet(new TreeSet<>(dependencies));
  }

  public ResourceState withAttributes(Attributes newAttributes) {
    return new ResourceState(address, id, newAttributes, tainted, dependencies);
  }

  public ResourceState withTainted(boolean isTainted) {
    return new ResourceState(address, id, attributes, isTainted, dependencies);
  }
}
