package dev.nixinfra.state.postgres;

import dev.nixinfra.core.state.StateStore;
import dev.nixinfra.state.StateStoreContractTest;
import dev.nixinfra.state.testing.PgDatabase;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on the PostgreSQL backend: each test has a stack of its own in the class's database. */
class PostgresStateStoreContractTest extends StateStoreContractTest {
  @RegisterExtension
  static final PgDatabase DB = new PgDatabase();

  private static int stacks;
  private String stack;

  @Override
  protected StateStore newStore() {
    stack = "stack" + (++stacks);
    return sameState();
  }

  @Override
  protected StateStore sameState() {
    return new PostgresStateStore(PgUrl.parse(DB.url(), Map.of()), stack);
  }
}
