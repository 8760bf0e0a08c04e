package dev.nixinfra.core.graph;

import dev.nixinfra.core.model.Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable directed graph of resources: an edge from A to B means A depends on B, so B is applied first and
 * destroyed last. Dependencies on addresses outside the graph are kept (they may be in state) but do not order
 * anything.
 */
public final class DependencyGraph {
  private final SortedMap<Address, SortedSet<Address>> dependencies;

  private DependencyGraph(SortedMap<Address, SortedSet<Address>> dependencies) {
    this.dependencies = dependencies;
  }

  public static DependencyGraph of(Map<Address, ? extends Set<Address>> dependencies) {
    TreeMap<Address, SortedSet<Address>> m = new TreeMap<>();
    dependencies.forEach((a, ds) -> m.put(a, Collections.unmodifiableSortedSet(new TreeSet<>(ds))));
    return new DependencyGraph(Collections.unmodifiableSortedMap(m));
  }

  public Set<Address> nodes() {
    return dependencies.keySet();
  }

  /** What {@code node} depends on, inside this graph. */
  public SortedSet<Address> dependenciesOf(Address node) {
    TreeSet<Address> in = new TreeSet<>(dependencies.getOrDefault(node, Collections.emptySortedSet()));
    in.retainAll(dependencies.keySet());
    return in;
  }

  /** What depends on {@code node} directly, inside this graph. */
  public SortedSet<Address> dependentsOf(Address node) {
    TreeSet<Address> out = new TreeSet<>();
    dependencies.forEach((a, ds) -> {
      if (ds.contains(node)) {
        out.add(a);
      }
    });
    return out;
  }

  /** {@code roots} and everything they depend on, transitively. */
  public SortedSet<Address> withDependencies(Set<Address> roots) {
    return closure(roots, this::dependenciesOf);
  }

  /** {@code roots} and everything that depends on them, transitively. */
  public SortedSet<Address> withDependents(Set<Address> roots) {
    return closure(roots, this::dependentsOf);
  }

  private SortedSet<Address> closure(Set<Address> roots, java.util.function.Function<Address, Set<Address>> next) {
    TreeSet<Address> seen = new TreeSet<>();
    Deque<Address> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      Address a = todo.pop();
      if (seen.add(a)) {
        todo.addAll(next.apply(a));
      }
    }
    return seen;
  }

  /**
   * A cycle, if there is one: the addresses in order, the first repeated at the end
   * ({@code a -> b -> a}). Empty when the graph is acyclic.
   */
  public Optional<List<Address>> findCycle() {
    Map<Address, Integer> mark = new HashMap<>(); // 1 = on the current path, 2 = done
    for (Address start : dependencies.keySet()) {
      List<Address> path = new ArrayList<>();
      Optional<List<Address>> c = visit(start, mark, path);
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }

  private Optional<List<Address>> visit(Address a, Map<Address, Integer> mark, List<Address> path) {
    Integer m = mark.get(a);
    if (Objects.equals(m, 2)) {
      return Optional.empty();
    }
    if (Objects.equals(m, 1)) {
      List<Address> cycle = new ArrayList<>(path.subList(path.indexOf(a), path.size()));
      cycle.add(a);
      return Optional.of(List.copyOf(cycle));
    }
    mark.put(a, 1);
    path.add(a);
    for (Address d : dependenciesOf(a)) {
      Optional<List<Address>> c = visit(d, mark, path);
      if (c.isPresent()) {
        return c;
      }
    }
    path.remove(path.size() - 1);
    mark.put(a, 2);
    return Optional.empty();
  }

  /**
   * Every node, each after all it depends on; ties broken by address so the order is stable.
   *
   * @throws IllegalStateException when the graph has a cycle (check {@link #findCycle()} first)
   */
  public List<Address> topologicalOrder() {
    Map<Address, Integer> remaining = new HashMap<>();
    TreeSet<Address> ready = new TreeSet<>();
    for (Address a : dependencies.keySet()) {
      int n = dependenciesOf(a).size();
      remaining.put(a, n);
      if (n == 0) {
        ready.add(a);
      }
    }
    List<Address> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      Address a = ready.pollFirst();
      order.add(a);
      for (Address d : dependentsOf(a)) {
        if (remaining.merge(d, -1, Integer::sum) == 0) {
          ready.add(d);
        }
      }
    }
    if (order.size() != dependencies.size()) {
      throw new IllegalStateException("dependency cycle: " + findCycle().orElse(List.of()));
    }
    return List.copyOf(order);
  }

  /** The graph in Graphviz DOT; edges point from a resource to what it depends on. */
  public String toDot() {
    StringBuilder b = new StringBuilder("digraph nixinfra {\n  rankdir = \"RL\";\n");
    b.append("  node [shape = box];\n");
    for (Address a : dependencies.keySet()) {
      b.append("  \"").append(a).append("\";\n");
    }
    for (Address a : dependencies.keySet()) {
      for (Address d : dependenciesOf(a)) {
        b.append("  \"").append(a).append("\" -> \"").append(d).append("\";\n");
      }
    }
    return b.append("}\n").toString();
  }
}
