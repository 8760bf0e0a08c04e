package dev.nixinfra.core.model;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One snapshot of nixinfra's record of what exists.
 *
 * @param lineage a UUID set when the state is first created and never changed; a plan or push made against
 *     another lineage is refused
 * @param serial increases by one with every snapshot written; a saved plan records the serial it was made from
 *     and is refused once the state has moved on
 */
public record State(String lineage, long serial, SortedMap<Address, ResourceState> resources) {
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public State {
    Objects.requireNonNull(lineage, "lineage");
    if (!UUID_TEXT.matcher(lineage).matches()) {
      throw new IllegalArgumentException("lineage is not a UUID: " + lineage);
    }
    if (serial < 0) {
      throw new IllegalArgumentException("serial must not be negative: " + serial);
    }
    TreeMap<Address, ResourceState> copy = new TreeMap<>();
    resources.forEach((a, r) -> {
      if (!a.equals(r.address())) {
        throw new IllegalArgumentException("resource " + r.address() + " filed under " + a);
      }
      copy.put(a, r);
    });
    resources = Collections.unmodifiableSortedMap(copy);
  }

  /** A new, empty state with a fresh lineage and serial 0. */
  public static State empty() {
    return new State(UUID.randomUUID().toString(), 0, new TreeMap<>());
  }

  public Optional<ResourceState> resource(Address address) {
    return Optional.ofNullable(resources.get(address));
  }

  /** The next snapshot: {@code resource} recorded, serial one higher. */
  public State with(ResourceState resource) {
    TreeMap<Address, ResourceState> m = new TreeMap<>(resources);
    m.put(resource.address(), resource);
    return new State(lineage, serial + 1, m);
  }

  /** The next snapshot: {@code address} forgotten, serial one higher. */
  public State without(Address address) {
    TreeMap<Address, ResourceState> m = new TreeMap<>(resources);
    m.remove(address);
    return new State(lineage, serial + 1, m);
  }
}
