package dev.nixinfra.core.model;

import dev.nixinfra.core.diag.SourceLocation;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One desired resource, as the configuration asks for it.
 *
 * @param attributes the desired values; may hold {@link Ref}s to other resources' attributes
 * @param dependsOn every resource this one must come after: all addresses its references name, plus any ordering
 *     the expansion adds
 * @param location where in the configuration the resource was declared, for messages
 */
public record ResourceConfig(
    Address address, Attributes attributes, Set<Address> dependsOn, Optional<SourceLocation> location) {
  public ResourceConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(location, "location");
    TreeSet<Address> deps = new TreeSet<>(dependsOn);
    attributes.values().values().forEach(v -> Attributes.refs(v).forEach(r -> deps.add(r.address())));
    if (deps.contains(address)) {
      throw new IllegalArgumentException(address + " cannot depend on itself");
    }
    dependsOn = java.util.Collections.unmodifiableSortedSet(deps);
  }
}
