package dev.nixinfra.cli.command;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * How the record of one state differs from another's, resource by resource, for {@code state restore} to show
 * before it asks. Only addresses are named, never attribute values, so nothing recorded is echoed.
 *
 * @param added in {@code to} only: back in state after a restore
 * @param removed in {@code from} only: forgotten by a restore
 * @param changed in both, with a different id, attributes, taint or dependencies
 */
record StateDiff(List<Address> added, List<Address> removed, List<Address> changed) {
  StateDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  /** What changes when {@code from}'s resources are replaced by {@code to}'s; in address order. */
  static StateDiff between(State from, State to) {
    List<Address> added = new ArrayList<>();
    List<Address> removed = new ArrayList<>();
    List<Address> changed = new ArrayList<>();
    SortedMap<Address, ResourceState> before = from.resources();
    for (Map.Entry<Address, ResourceState> e : to.resources().entrySet()) {
      ResourceState old = before.get(e.getKey());
      if (old == null) {
        added.add(e.getKey());
      } else if (!old.equals(e.getValue())) {
        changed.add(e.getKey());
      }
    }
    before.keySet().stream().filter(a -> !to.resources().containsKey(a)).forEach(removed::add);
    return new StateDiff(added, removed, changed);
  }

  boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }
}
