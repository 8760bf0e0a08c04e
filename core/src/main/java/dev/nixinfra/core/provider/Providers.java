package dev.nixinfra.core.provider;

import dev.nixinfra.core.model.ResourceType;
import dev.nixinfra.core.model.ResourceTypes;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The providers this build of nixinfra has, by name. Built once in the composition root. */
public final class Providers {
  private final Map<String, Provider> byName;

  private Providers(Map<String, Provider> byName) {
    this.byName = byName;
  }

  public static Providers of(Collection<? extends Provider> providers) {
    Map<String, Provider> m = new TreeMap<>();
    for (Provider p : providers) {
      if (m.put(p.name(), p) != null) {
        throw new IllegalArgumentException("two providers named " + p.name());
      }
    }
    return new Providers(java.util.Collections.unmodifiableMap(m));
  }

  public static Providers none() {
    return of(java.util.List.of());
  }

  /** The provider for resources of {@code type}; empty when this build does not have it yet. */
  public Optional<Provider> forType(String type) {
    return ResourceTypes.find(type).map(ResourceType::provider).map(byName::get);
  }

  /** One sentence for the user when {@link #forType} is empty. */
  public static String missingMessage(String type) {
    String provider = ResourceTypes.find(type).map(ResourceType::provider).orElse("?");
    return "resources of type " + type + " are applied by the '" + provider
        + "' provider, which this version of nixinfra does not include yet";
  }
}
