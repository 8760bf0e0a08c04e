package dev.nixinfra.state.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Without PostgreSQL the tests are skipped, except under CI, where they fail. */
class PgDatabaseTest {
  @Test
  void missingPostgresFailsUnderCiAndSkipsElsewhere() {
    AssertionError ci = assertThrows(AssertionError.class, () -> PgDatabase.unavailable(Map.of("CI", "true")));
    assertTrue(ci.getMessage().startsWith("CI=true, but PostgreSQL server programs not found under "
        + "/usr/lib/postgresql/*/bin; install them (apt-get install postgresql"), ci.getMessage());
    assertTrue(PgDatabase.unavailable(Map.of()) instanceof TestAbortedException);
  }
}
