package dev.nixinfra.state.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.StateConflictException;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateVersion;
import dev.nixinfra.state.json.StateJson;
import dev.nixinfra.state.testing.PgDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only the PostgreSQL backend has: its schema, its rows, stacks side by side, secrets kept out of messages. */
class PostgresStateStoreTest {
  @RegisterExtension
  static final PgDatabase DB = new PgDatabase();

  private static final Address ARM1 = Address.parse("hcloud_server.arm1");

  private static State first() {
    return State.empty().with(new ResourceState(ARM1, "42", Attributes.of(Map.of("cores", 4L)), false, Set.of()));
  }

  private static PostgresStateStore store(String url, String stack) {
    return new PostgresStateStore(PgUrl.parse(url, Map.of()), stack);
  }

  private static List<Integer> schemaVersions(String url) throws Exception {
    List<Integer> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT version FROM nixinfra_schema_version ORDER BY version")) {
      while (r.next()) {
        out.add(r.getInt(1));
      }
    }
    return out;
  }

  @Test
  void manyFirstUsesAtOnceCreateTheSchemaOnceAndRecordItsVersion() throws Exception {
    String url = DB.createAnother("schema");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Optional<State>>> reads = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String stack = "s" + i;
        reads.add(pool.submit((Callable<Optional<State>>) () -> store(url, stack).read()));
      }
      for (Future<Optional<State>> r : reads) {
        assertEquals(Optional.empty(), r.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(1), schemaVersions(url));
    assertEquals(Schema.latest(), schemaVersions(url).size());
    store(url, "s0").write(first());
    assertEquals(List.of(1), schemaVersions(url), "a later use applies nothing again");
  }

  @Test
  void aNewerSchemaIsRefusedWithAnUpgradeHint() throws Exception {
    String url = DB.createAnother("newer");
    store(url, "x").read();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("INSERT INTO nixinfra_schema_version (version) VALUES (" + (Schema.latest() + 1) + ")");
    }
    StateException e = assertThrows(StateException.class, () -> store(url, "x").read());
    assertTrue(e.getMessage().contains("newer than this nixinfra knows (" + Schema.latest() + "). Upgrade nixinfra"),
        e.getMessage());
  }

  @Test
  void stacksAreKeptApartAndRowsHoldTheStateFileText() throws Exception {
    PostgresStateStore a = store(DB.url(), "apart-a");
    PostgresStateStore b = store(DB.url(), "apart-b");
    State sa = first();
    State sb = first();
    a.write(sa);
    b.write(sb);
    b.write(sb.without(ARM1));
    assertEquals(Optional.of(sa), a.read());
    assertEquals(1, a.history().size());
    assertEquals(2, b.history().size());
    try (Connection c = DriverManager.getConnection(DB.url()); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT state, serial, written_by FROM nixinfra_state WHERE stack = 'apart-a'")) {
      assertTrue(r.next());
      assertEquals(StateJson.write(sa), r.getString(1));
      assertEquals(1, r.getLong(2));
      assertTrue(r.getString(3).contains("@"), r.getString(3));
    }
    assertEquals("postgresql://127.0.0.1:" + DB.port() + "/" + DB.url().replaceAll(".*/([^?]*)\\?.*", "$1")
        + " (stack apart-a)", a.describe());
  }

  @Test
  void readVersionPrefersTheCurrentLineage() throws Exception {
    PostgresStateStore s = store(DB.url(), "lineages");
    State old = first();
    State current = first();
    s.adopt(old, List.of(), false);
    s.adopt(current, List.of(), true); // replaces the current state; both serials 1 stay in the history
    assertEquals(Optional.of(current), s.readVersion(1));
    assertEquals(2, s.history().size());
  }

  @Test
  void adoptCopiesHistoryIsIdempotentAndRefusesOtherOrNewerStates() throws Exception {
    PostgresStateStore s = store(DB.url(), "adopt");
    State one = first();
    State two = one.without(ARM1);
    State three = two.with(one.resource(ARM1).orElseThrow());
    assertEquals(3, s.adopt(three, List.of(one, two, three), false));
    assertEquals(Optional.of(three), s.read());
    assertEquals(List.of(1L, 2L, 3L), s.history().stream().map(StateVersion::serial).toList());
    assertEquals(0, s.adopt(three, List.of(one, two, three), false), "copying again adds nothing");

    StateConflictException older = assertThrows(StateConflictException.class, () -> s.adopt(two, List.of(), false));
    assertEquals(s.describe() + " already holds serial 3 of this state, newer than the serial 2 being copied",
        older.getMessage());
    State other = first();
    StateConflictException lineage = assertThrows(StateConflictException.class,
        () -> s.adopt(other, List.of(), false));
    assertTrue(lineage.getMessage().contains("already holds a state with lineage " + one.lineage()),
        lineage.getMessage());
    s.adopt(other, List.of(), true);
    assertEquals(Optional.of(other), s.read());
    assertEquals(4, s.history().size(), "forcing keeps the replaced state's history");
  }

  @Test
  void thePasswordNeverAppearsInMessages() throws Exception {
    String password = "Sup3r-s3cret";
    int closedPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = free.getLocalPort();
    }
    List<String> urls = List.of(
        "postgresql://postgres:" + password + "@127.0.0.1:" + closedPort + "/nix",
        "postgresql://postgres:" + password + "@127.0.0.1:" + DB.port() + "/no_such_db",
        "jdbc:postgresql://127.0.0.1:" + closedPort + "/nix?user=postgres&password=" + password);
    for (String url : urls) {
      PostgresStateStore s = store(url, "secret");
      assertFalse(s.describe().contains(password), s.describe());
      List<Executable> ops = List.of(s::read, () -> s.write(first()), s::history, () -> s.readVersion(1),
          () -> s.lock(LockInfo.forThisProcess("plan", "plan"), Duration.ZERO), () -> s.forceUnlock("x"));
      for (Executable op : ops) {
        StateException e = assertThrows(StateException.class, op::run);
        for (Throwable t = e; t != null; t = t.getCause()) {
          assertFalse(String.valueOf(t.getMessage()).contains(password), t.getMessage());
          assertFalse(String.valueOf(t).contains(password), String.valueOf(t));
        }
        assertTrue(e.getMessage().contains("127.0.0.1:"), e.getMessage());
      }
    }
    StateException unreachable = assertThrows(StateException.class, () -> store(urls.get(0), "s").read());
    assertTrue(unreachable.getMessage().startsWith("cannot read the state at postgresql://127.0.0.1:" + closedPort
        + "/nix (stack s): cannot reach the PostgreSQL server at 127.0.0.1:" + closedPort), unreachable.getMessage());
    StateException noDb = assertThrows(StateException.class, () -> store(urls.get(1), "s").read());
    assertTrue(noDb.getMessage().endsWith("has no database no_such_db. Create it (createdb no_such_db) or fix the "
        + "database name in state.url"), noDb.getMessage());
  }

  /** An operation that may throw. */
  private interface Executable {
    void run() throws Exception;
  }
}
