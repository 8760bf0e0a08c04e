package dev.nixinfra.core.apply;

import dev.nixinfra.core.graph.DependencyGraph;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.plan.Action;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.plan.Plan;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which changes of a plan must finish before each other may start. Creates and updates come after what they
 * depend on; a delete comes after every change to what depended on the deleted resource (so dependents stop
 * using it first), and a replacement's delete likewise.
 */
final class ExecutionOrder {
  private ExecutionOrder() {}

  /** A graph over the plan's changes that are not no-ops; an edge A to B means A waits for B. */
  static DependencyGraph of(Plan plan) {
    Map<Address, Change> nodes = new TreeMap<>();
    plan.changes().stream().filter(c -> c.action() != Action.NO_OP).forEach(c -> nodes.put(c.address(), c));
    Map<Address, Set<Address>> waits = new TreeMap<>();
    nodes.keySet().forEach(a -> waits.put(a, new TreeSet<>()));
    for (Change c : nodes.values()) {
      if (c.action() != Action.DELETE) {
        for (Address d : c.dependsOn()) {
          Change dep = nodes.get(d);
          if (dep != null && dep.action() != Action.DELETE) {
            waits.get(c.address()).add(d);
          }
        }
      }
    }
    for (Change c : nodes.values()) {
      if (c.action() != Action.DELETE && c.action() != Action.REPLACE) {
        continue;
      }
      for (ResourceState other : plan.prior().resources().values()) {
        Change otherChange = nodes.get(other.address());
        if (otherChange == null || other.address().equals(c.address())
            || !other.dependencies().contains(c.address())) {
          continue;
        }
        // A replaced resource's dependents keep depending on it, so only their deletes must go first.
        if (c.action() == Action.DELETE || otherChange.action() == Action.DELETE) {
          waits.get(c.address()).add(other.address());
        }
      }
    }
    return DependencyGraph.of(waits);
  }
}
