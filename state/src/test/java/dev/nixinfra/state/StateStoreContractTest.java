package dev.nixinfra.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.LockedException;
import dev.nixinfra.core.state.StateConflictException;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.core.state.StateStore;
import dev.nixinfra.core.state.StateVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link StateStore} contract, run on every backend by a subclass that makes a new, empty store for each test.
 * Messages are checked for what every backend says the same way, with {@link StateStore#describe()} as the place.
 */
public abstract class StateStoreContractTest {
  private static final Address ARM1 = Address.parse("hcloud_server.arm1");

  protected StateStore store;

  /** A store with no state, no history and no lock. */
  protected abstract StateStore newStore() throws Exception;

  /** A second store on the same state, as another run would open it. */
  protected abstract StateStore sameState() throws Exception;

  @BeforeEach
  void makeStore() throws Exception {
    store = newStore();
  }

  private static State first() {
    return State.empty().with(new ResourceState(ARM1, "42", Attributes.of(Map.of("cores", 4L)), false, Set.of()));
  }

  private static LockInfo me() {
    return LockInfo.forThisProcess("plan", "nixinfra plan");
  }

  @Test
  void missingStateReadsAsEmpty() throws Exception {
    assertEquals(Optional.empty(), store.read());
    assertEquals(List.of(), store.history());
    assertEquals(Optional.empty(), store.readVersion(1));
  }

  @Test
  void writesAreReadBackByAnotherStore() throws Exception {
    State s = first();
    store.write(s);
    assertEquals(Optional.of(s), store.read());
    assertEquals(Optional.of(s), sameState().read());
  }

  @Test
  void everyWriteIsKeptInTheHistory() throws Exception {
    State one = first();
    State two = one.with(one.resource(ARM1).orElseThrow().withTainted(true));
    State three = two.without(ARM1);
    store.write(one);
    store.write(two);
    store.write(three);
    List<StateVersion> history = store.history();
    assertEquals(List.of(1L, 2L, 3L), history.stream().map(StateVersion::serial).toList());
    assertEquals(List.of(1, 1, 0), history.stream().map(StateVersion::resourceCount).toList());
    assertTrue(history.stream().allMatch(v -> v.lineage().equals(one.lineage())));
    assertEquals(Optional.of(two), store.readVersion(2));
    assertEquals(Optional.of(one), store.readVersion(1));
    assertEquals(Optional.of(three), store.readVersion(3));
    assertEquals(Optional.empty(), store.readVersion(9));
  }

  @Test
  void anotherLineageIsRefused() throws Exception {
    State mine = first();
    store.write(mine);
    State theirs = new State("00000000-0000-4000-8000-000000000000", 5, mine.resources());
    StateConflictException e = assertThrows(StateConflictException.class, () -> store.write(theirs));
    assertTrue(e.getMessage().startsWith("refusing to write to " + store.describe() + ": it holds the state with "
        + "lineage " + mine.lineage() + ", but the state being written has lineage "
        + "00000000-0000-4000-8000-000000000000, so they record different things."), e.getMessage());
    assertEquals(Optional.of(mine), store.read());
    assertEquals(1, store.history().size(), "a refused write leaves no history");
  }

  @Test
  void anOlderOrEqualSerialIsRefused() throws Exception {
    State one = first();
    State two = one.without(ARM1);
    store.write(one);
    store.write(two);
    StateConflictException e = assertThrows(StateConflictException.class, () -> store.write(one));
    assertEquals("refusing to write serial 1 to " + store.describe() + ": it is already at serial 2, so another "
        + "run changed it after this one read it. Run the command again to work from the current state",
        e.getMessage());
    assertThrows(StateConflictException.class, () -> sameState().write(two));
    assertEquals(Optional.of(two), store.read());
    assertEquals(2, store.history().size(), "a refused write leaves no history");
  }

  @Test
  void unencodableStateIsRefusedWithoutWriting() throws Exception {
    State bad = State.empty().with(new ResourceState(ARM1, "1",
        Attributes.of(Map.of("labels", Map.of("$x", "y"))), false, Set.of()));
    StateException e = assertThrows(StateException.class, () -> store.write(bad));
    assertEquals("cannot save the state to " + store.describe() + ": hcloud_server.arm1: attribute labels has the "
        + "map key \"$x\"; keys starting with $ are reserved in nixinfra's files, rename it", e.getMessage());
    assertEquals(Optional.empty(), store.read());
  }

  @Test
  void aSecondLockIsRefusedNamingTheHolderAndCloseIsIdempotent() throws Exception {
    StateStore other = sameState();
    StateLock first = store.lock(me(), Duration.ZERO);
    try {
      LockedException e = assertThrows(LockedException.class, () -> other.lock(me(), Duration.ZERO));
      assertEquals(first.info(), e.holder().orElseThrow());
      assertTrue(e.getMessage().startsWith("the state at " + store.describe() + " is locked by another run: plan by "),
          e.getMessage());
    } finally {
      first.close();
    }
    first.close();
    try (StateLock again = other.lock(me(), Duration.ZERO)) {
      assertEquals(ProcessHandle.current().pid(), again.info().pid());
    }
  }

  @Test
  void aLockTimeoutWaitsForTheRelease() throws Exception {
    StateLock first = store.lock(me(), Duration.ZERO);
    CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
      try {
        Thread.sleep(600);
        first.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long before = System.nanoTime();
    try (StateLock second = sameState().lock(me(), Duration.ofSeconds(20))) {
      assertTrue(System.nanoTime() - before >= Duration.ofMillis(500).toNanos(), "it waited");
      assertTrue(second.info().id().length() > 0);
    }
    release.join();
  }

  @Test
  void forceUnlockWithoutALockSaysSo() throws Exception {
    assertEquals("the state at " + store.describe() + " is not locked; there is nothing to unlock",
        assertThrows(StateException.class, () -> store.forceUnlock("some-id")).getMessage());
  }
}
