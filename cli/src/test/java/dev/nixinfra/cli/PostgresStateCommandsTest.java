package dev.nixinfra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.State;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.core.testing.FakeProvider;
import dev.nixinfra.state.local.LocalStateStore;
import dev.nixinfra.state.postgres.PgUrl;
import dev.nixinfra.state.postgres.PostgresStateStore;
import dev.nixinfra.state.testing.PgDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The commands on the postgres state backend, and {@code state migrate --to postgres}, against a real server. */
class PostgresStateCommandsTest {
  @RegisterExtension
  static final PgDatabase DB = new PgDatabase();

  private static final String POSTGRES = """
      state:
        backend: postgres
        url: ${env:NIXINFRA_PG_URL}
      """;

  @TempDir Path dir;

  private InProcess nixinfra(String stack, boolean postgres, Map<String, String> env) throws Exception {
    Files.writeString(dir.resolve("nixinfra.yaml"), OfficeFleet.config(stack) + (postgres ? POSTGRES : ""));
    return new InProcess(dir, Providers.of(List.of(new FakeProvider("nix"))), env);
  }

  private static String libpqUrl(int port, String password) {
    String db = DB.url().replaceAll(".*/([^?]*)\\?.*", "$1");
    return "postgresql://postgres:" + password + "@127.0.0.1:" + port + "/" + db;
  }

  @Test
  void applyPlanAndStateCommandsWorkOnThePostgresBackend() throws Exception {
    InProcess run = nixinfra("pgapply", true, Map.of("NIXINFRA_PG_URL", libpqUrl(DB.port(), "any-pw")));
    assertEquals(0, run.run("apply", "--auto-approve"), run.err.toString());
    assertTrue(run.out.toString().contains("Apply complete! Resources: 3 added"), run.out.toString());
    assertEquals(0, run.run("plan", "--detailed-exitcode"), run.err.toString());
    assertTrue(run.out.toString().contains("No changes."), run.out.toString());
    assertEquals(0, run.run("state", "list"));
    assertTrue(run.out.toString().contains("builder.office"), run.out.toString());
    assertFalse(Files.exists(dir.resolve(".nixinfra/state.json")), "nothing is written locally");
    PostgresStateStore store = new PostgresStateStore(PgUrl.parse(DB.url(), Map.of()), "pgapply");
    assertEquals(3, store.read().orElseThrow().resources().size());
    assertTrue(store.history().size() >= 3, "every step's snapshot is in the history");
  }

  /** pull, push, history and restore work through the store's contract, so on PostgreSQL as on a file. */
  @Test
  void pullPushHistoryAndRestoreWorkOnThePostgresBackend() throws Exception {
    Map<String, String> env = Map.of("NIXINFRA_PG_URL", libpqUrl(DB.port(), "any-pw"));
    InProcess run = nixinfra("pgcmds", true, env);
    assertEquals(0, run.run("apply", "--auto-approve"), run.err.toString());
    PostgresStateStore store = new PostgresStateStore(PgUrl.parse(DB.url(), Map.of()), "pgcmds");
    State full = store.read().orElseThrow();
    assertEquals(3, full.resources().size());

    Files.writeString(dir.resolve("nixinfra.yaml"), "stack: pgcmds\n" + OfficeFleet.MACHINES.substring(0,
        OfficeFleet.MACHINES.indexOf("clients:")) + POSTGRES);
    run = new InProcess(dir, Providers.of(List.of(new FakeProvider("nix"))), env);
    assertEquals(0, run.run("apply", "--auto-approve"), run.err.toString());
    assertEquals(1, store.read().orElseThrow().resources().size(), "the client and its key are gone");

    assertEquals(0, run.run("state", "history"), run.err.toString());
    assertTrue(run.out.toString().contains(full.serial() + "  "), run.out.toString());
    assertEquals(0, run.run("state", "restore", "--auto-approve", Long.toString(full.serial())),
        run.err.toString());
    State restored = store.read().orElseThrow();
    assertEquals(full.resources(), restored.resources());
    assertTrue(restored.serial() > full.serial(), "a restore is a new serial");

    assertEquals(0, run.run("state", "pull"), run.err.toString());
    String pulled = run.out.toString();
    Files.writeString(dir.resolve("pulled.json"), pulled);
    assertEquals(0, run.run("state", "push", "pulled.json"), run.err.toString()); // the same state: nothing to do
    assertEquals(restored.serial(), store.read().orElseThrow().serial());
    Files.writeString(dir.resolve("older.json"), pulled.replace("\"serial\": " + restored.serial(),
        "\"serial\": " + full.serial()));
    assertEquals(1, run.run("state", "push", "older.json"));
    assertEquals(0, run.run("state", "push", "--force", "older.json"), run.err.toString());
    assertEquals(restored.serial() + 1, store.read().orElseThrow().serial());
  }

  @Test
  void anUnreachableServerOrAMissingUrlIsALocatedErrorWithoutThePassword() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    InProcess run = nixinfra("pgdown", true, Map.of("NIXINFRA_PG_URL", libpqUrl(closed, "T0p-secret")));
    assertEquals(0, run.run("validate"), "validate needs no database: " + run.err);
    assertEquals(1, run.run("plan"));
    String err = run.err.toString();
    assertTrue(err.contains("nixinfra.yaml"), err);
    assertTrue(err.contains("cannot reach the PostgreSQL server at 127.0.0.1:" + closed), err);
    assertTrue(err.contains("fix state.url or the server"), err);
    assertFalse(err.contains("T0p-secret") || run.out.toString().contains("T0p-secret"), err);

    InProcess unset = nixinfra("pgdown", true, Map.of("NIXINFRA_PG_URL", "mysql://u:T0p-secret@h/x"));
    assertEquals(1, unset.run("plan"));
    assertTrue(unset.err.toString().contains("is not valid: the PostgreSQL URL must start with postgresql://"),
        unset.err.toString());
    assertFalse(unset.err.toString().contains("T0p-secret"), unset.err.toString());
  }

  @Test
  void migrateCopiesTheLocalStateAndHistoryThenRefusesConflicts() throws Exception {
    InProcess local = nixinfra("pgmove", false, Map.of());
    assertEquals(0, local.run("apply", "--auto-approve"), local.err.toString());
    LocalStateStore file = new LocalStateStore(dir.resolve(".nixinfra/state.json"));
    State before = file.read().orElseThrow();
    int snapshots = file.history().size();

    assertEquals(0, local.run("state", "migrate", "--to", "postgres", "--url", libpqUrl(DB.port(), "pw")),
        local.err.toString());
    String out = local.out.toString();
    assertTrue(out.contains("Copied the state of stack pgmove (serial " + before.serial() + ", 3 resource(s)) and "
        + snapshots + " new history snapshot(s)"), out);
    assertTrue(out.contains("backend: postgres"), out);
    assertFalse(out.contains(":pw@"), out);
    PostgresStateStore db = new PostgresStateStore(PgUrl.parse(DB.url(), Map.of()), "pgmove");
    assertEquals(before, db.read().orElseThrow());
    assertEquals(snapshots, db.history().size());

    assertEquals(0, local.run("state", "migrate", "--to", "postgres", "--url", DB.url()), local.err.toString());
    assertTrue(local.out.toString().contains("and 0 new history snapshot(s)"), local.out.toString());

    // The database moves on; migrating the older local state again is refused, unless forced.
    InProcess onPg = nixinfra("pgmove", true, Map.of("NIXINFRA_PG_URL", DB.url()));
    assertEquals(0, onPg.run("state", "list"), onPg.err.toString());
    assertTrue(onPg.out.toString().contains("client.ci"), onPg.out.toString());
    assertEquals(0, onPg.run("state", "rm", "builder.office"), onPg.err.toString());
    InProcess again = nixinfra("pgmove", false, Map.of("NIXINFRA_PG_URL", DB.url()));
    assertEquals(1, again.run("state", "migrate", "--to", "postgres"));
    assertTrue(again.err.toString().contains("already holds serial " + (before.serial() + 1) + " of this state, "
        + "newer than the serial " + before.serial() + " being copied"), again.err.toString());
    assertTrue(again.err.toString().contains("pass --force"), again.err.toString());
    assertEquals(0, again.run("state", "migrate", "--to", "postgres", "--force"), again.err.toString());
    assertEquals(before, db.read().orElseThrow());
  }

  @Test
  void migrateTakesTheDatabasesLockAndCopiesNothingWhileAnotherRunHoldsIt() throws Exception {
    InProcess local = nixinfra("pglocked", false, Map.of());
    assertEquals(0, local.run("apply", "--auto-approve"), local.err.toString());
    PostgresStateStore db = new PostgresStateStore(PgUrl.parse(DB.url(), Map.of()), "pglocked");
    try (StateLock held = db.lock(LockInfo.forThisProcess("apply", "nixinfra apply"), Duration.ZERO)) {
      assertEquals(1, local.run("state", "migrate", "--to", "postgres", "--url", DB.url()));
      assertTrue(local.err.toString().contains("is locked by another run: apply by "), local.err.toString());
      assertTrue(local.err.toString().contains(held.info().id()), local.err.toString());
    }
    assertEquals(Optional.empty(), db.read());
    assertEquals(0, local.run("state", "migrate", "--to", "postgres", "--url", DB.url()), local.err.toString());
  }

  @Test
  void migrateNeedsAUrlAndAKnownBackend() throws Exception {
    InProcess run = nixinfra("pgnourl", false, Map.of());
    assertEquals(1, run.run("state", "migrate", "--to", "postgres"));
    assertTrue(run.err.toString().contains("no database to migrate the state to"), run.err.toString());
    assertEquals(1, run.run("state", "migrate", "--to", "s3"));
    assertTrue(run.err.toString().contains("Only '--to postgres' is supported."), run.err.toString());
  }
}
