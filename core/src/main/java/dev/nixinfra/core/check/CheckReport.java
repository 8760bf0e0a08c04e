package dev.nixinfra.core.check;

import dev.nixinfra.core.model.Address;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** Every client × builder pair the configuration declares, checked; ordered by client, then builder. */
public record CheckReport(List<PairResult> pairs) {
  public CheckReport {
    pairs = List.copyOf(pairs);
  }

  public boolean passed() {
    return pairs.stream().allMatch(PairResult::passed);
  }

  public SortedSet<Address> clients() {
    SortedSet<Address> out = new TreeSet<>();
    pairs.forEach(p -> out.add(p.client()));
    return out;
  }

  public SortedSet<Address> builders() {
    SortedSet<Address> out = new TreeSet<>();
    pairs.forEach(p -> out.add(p.builder()));
    return out;
  }
}
