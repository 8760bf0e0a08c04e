package dev.nixinfra.state.local;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Run in a child JVM by {@link CrashSafetyTest}: writes large states with serials one after another, from the
 * stored serial plus one, forever, until killed. Each state is {@link #stateFor} its serial, so the test can tell
 * exactly what a complete snapshot of any serial looks like. Prints {@code wrote N} after each write, so the test
 * can kill it once it is warm and writing steadily.
 *
 * <p>Arguments: state file, lineage, number of resources.
 */
public final class StateWriterMain {
  private StateWriterMain() {
  }

  public static void main(String[] args) throws Exception {
    LocalStateStore store = new LocalStateStore(Path.of(args[0]));
    String lineage = args[1];
    int resources = Integer.parseInt(args[2]);
    long serial = store.read().map(State::serial).orElse(0L);
    System.out.println("started at serial " + serial);
    System.out.flush();
    while (true) {
      serial++;
      store.write(stateFor(lineage, serial, resources));
      System.out.println("wrote " + serial);
      System.out.flush();
    }
  }

  /** The state the writer writes for {@code serial}: every resource carries the serial, so a mix would show. */
  static State stateFor(String lineage, long serial, int resources) {
    TreeMap<Address, ResourceState> m = new TreeMap<>();
    String payload = "x".repeat(200);
    for (int i = 0; i < resources; i++) {
      Address a = new Address("builder", "b" + i);
      m.put(a, new ResourceState(a, "id-" + i + "-" + serial, Attributes.of(Map.of(
          "serial", serial, "index", (long) i, "payload", payload, "tags", List.of("a", "b", serial))),
          false, Set.of()));
    }
    return new State(lineage, serial, m);
  }
}
