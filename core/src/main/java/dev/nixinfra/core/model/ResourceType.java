package dev.nixinfra.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A kind of resource and its attribute schema. The schema lives in the core so that {@code plan} works for every
 * resource type, whether or not the provider that applies it is built.
 *
 * @param provider the name of the provider that applies resources of this type
 */
public record ResourceType(String name, String provider, String description, List<AttributeSpec> attributes) {
  public ResourceType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(description, "description");
    attributes = List.copyOf(attributes);
    Map<String, AttributeSpec> seen = new LinkedHashMap<>();
    for (AttributeSpec a : attributes) {
      if (seen.put(a.name(), a) != null) {
        throw new IllegalArgumentException(name + ": attribute " + a.name() + " declared twice");
      }
    }
  }

  public Optional<AttributeSpec> attribute(String attributeName) {
    return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
  }
}
