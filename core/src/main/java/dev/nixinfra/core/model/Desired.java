package dev.nixinfra.core.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every resource the configuration asks for, by address: the left side of the planner's diff.
 *
 * @param stack the stack name from the configuration, used in cloud labels and state
 */
public record Desired(String stack, SortedMap<Address, ResourceConfig> resources) {
  public Desired {
    Objects.requireNonNull(stack, "stack");
    TreeMap<Address, ResourceConfig> copy = new TreeMap<>();
    resources.forEach((a, r) -> {
      if (!a.equals(r.address())) {
        throw new IllegalArgumentException("resource " + r.address() + " filed under " + a);
      }
      copy.put(a, r);
    });
    resources = Collections.unmodifiableSortedMap(copy);
  }

  public static Desired of(String stack, Iterable<ResourceConfig> resources) {
    TreeMap<Address, ResourceConfig> m = new TreeMap<>();
    for (ResourceConfig r : resources) {
      if (m.put(r.address(), r) != null) {
        throw new IllegalArgumentException("two resources at " + r.address());
      }
    }
    return new Desired(stack, m);
  }

  public Map<Address, java.util.Set<Address>> dependencies() {
    TreeMap<Address, java.util.Set<Address>> deps = new TreeMap<>();
    resources.forEach((a, r) -> deps.put(a, r.dependsOn()));
    return deps;
  }
}
