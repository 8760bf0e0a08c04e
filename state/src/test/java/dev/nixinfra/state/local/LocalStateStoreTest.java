package dev.nixinfra.state.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.StateConflictException;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.state.json.StateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateStoreTest {
  private static final Address ARM1 = Address.parse("hcloud_server.arm1");

  @TempDir
  Path tmp;
  Path file;
  LocalStateStore store;

  @BeforeEach
  void setUp() {
    file = tmp.resolve("config").resolve(".nixinfra").resolve("state.json");
    store = new LocalStateStore(file);
  }

  private static State first() {
    return State.empty().with(new ResourceState(ARM1, "42", Attributes.of(Map.of("cores", 4L)), false, Set.of()));
  }

  /** The rules every backend shares are in StateStoreContractTest; these are the local file's own. */
  @Test
  void theStoreIsDescribedByItsFile() {
    assertEquals(file.toString(), store.describe());
  }

  @Test
  void writesAreReadBackAndPrivate() throws Exception {
    State s = first();
    store.write(s);
    assertEquals(Optional.of(s), store.read());
    assertEquals(StateJson.write(s), Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    Path history = file.resolveSibling("history").resolve("1-" + s.lineage().substring(0, 8) + ".json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(history)));
  }

  @Test
  void aDamagedHistoryFileIsNamedAsSuch() throws Exception {
    State one = first();
    store.write(one);
    Path history = file.resolveSibling("history").resolve("1-" + one.lineage().substring(0, 8) + ".json");
    Files.writeString(history, "[]");
    StateException e = assertThrows(StateException.class, store::history);
    assertEquals("history file " + history + " is not valid: line 1, column 1: the file must be an object. The "
        + "current state is not affected; move the file out of " + history.getParent() + " or fix it by hand",
        e.getMessage());
    assertEquals(Optional.of(one), store.read());
  }

  @Test
  void anotherLineageIsRefused() throws Exception {
    State mine = first();
    store.write(mine);
    State theirs = new State("00000000-0000-4000-8000-000000000000", 5, mine.resources());
    StateConflictException e = assertThrows(StateConflictException.class, () -> store.write(theirs));
    assertEquals("refusing to write to " + file + ": it holds the state with lineage " + mine.lineage()
        + ", but the state being written has lineage 00000000-0000-4000-8000-000000000000, so they record "
        + "different things. Check that you run nixinfra in the right folder", e.getMessage());
    assertEquals(Optional.of(mine), store.read());
  }

  @Test
  void anOlderOrEqualSerialIsRefused() throws Exception {
    State one = first();
    State two = one.without(ARM1);
    store.write(one);
    store.write(two);
    StateConflictException e = assertThrows(StateConflictException.class, () -> store.write(one));
    assertEquals("refusing to write serial 1 to " + file + ": it is already at serial 2, so another run changed "
        + "it after this one read it. Run the command again to work from the current state", e.getMessage());
    assertThrows(StateConflictException.class, () -> store.write(two));
    assertEquals(Optional.of(two), store.read());
    assertEquals(2, store.history().size(), "a refused write leaves no history");
  }

  @Test
  void aBrokenFileIsReportedAndNeverOverwritten() throws Exception {
    store.write(first());
    Files.writeString(file, "{\"version\": 1, \"lineage\": \"x\"");
    String expected = "state file " + file + " is not valid: line 1, column 30: the file ends in the middle of a "
        + "value; it was cut short. Restore a previous version from " + file.resolveSibling("history")
        + "/ or fix the file by hand";
    assertEquals(expected, assertThrows(StateException.class, store::read).getMessage());
    assertEquals(expected, assertThrows(StateException.class, () -> store.write(first().without(ARM1)))
        .getMessage());
  }

  @Test
  void unencodableStateIsRefusedWithoutTouchingTheFile() throws Exception {
    State bad = State.empty().with(new ResourceState(ARM1, "1",
        Attributes.of(Map.of("labels", Map.of("$x", "y"))), false, Set.of()));
    StateException e = assertThrows(StateException.class, () -> store.write(bad));
    assertEquals("cannot save the state to " + file + ": hcloud_server.arm1: attribute labels has the map key "
        + "\"$x\"; keys starting with $ are reserved in nixinfra's files, rename it", e.getMessage());
    assertEquals(Optional.empty(), store.read());
  }
}
