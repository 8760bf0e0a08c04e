package dev.nixinfra.state.local;

import dev.nixinfra.core.state.StateStore;
import dev.nixinfra.state.StateStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the local backend. */
class LocalStateStoreContractTest extends StateStoreContractTest {
  @TempDir
  Path tmp;

  @Override
  protected StateStore newStore() {
    return new LocalStateStore(tmp.resolve(".nixinfra").resolve("state.json"));
  }

  @Override
  protected StateStore sameState() {
    return new LocalStateStore(tmp.resolve(".nixinfra").resolve("state.json"));
  }
}
