package dev.nixinfra.state.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * A fresh database for one test class on the JVM's throwaway cluster ({@link PgCluster}), which the first user
 * starts and JUnit stops when all tests have run. Use as
 * {@code @RegisterExtension static final PgDatabase DB = new PgDatabase();}.
 *
 * <p>Without PostgreSQL's server programs the tests are skipped with a hint; under {@code CI=true} they fail
 * instead, so CI never passes by skipping them.
 */
public final class PgDatabase implements BeforeAllCallback {
  private static final String HINT = "PostgreSQL server programs not found under " + PgCluster.INSTALL_ROOT
      + "/*/bin; install them (apt-get install postgresql, as .ci/run does) to run the PostgreSQL state tests";

  private String url;
  private PgCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    cluster = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class).cluster();
    url = cluster.createDatabase(context.getRequiredTestClass().getSimpleName());
  }

  /** The JDBC URL of this class's database, {@code user=postgres}, no password. */
  public String url() {
    return url;
  }

  /** Another new, empty database, for a test that needs one of its own; its JDBC URL. */
  public String createAnother(String hint) throws java.sql.SQLException {
    return cluster.createDatabase(hint);
  }

  public int port() {
    return cluster.port();
  }

  /** What to throw without PostgreSQL: under {@code CI=true} a failure, elsewhere a skip, both with the hint. */
  static RuntimeException unavailable(Map<String, String> env) {
    if ("true".equals(env.get("CI"))) {
      throw new AssertionError("CI=true, but " + HINT);
    }
    return new TestAbortedException(HINT);
  }

  /** The cluster, closed by JUnit at the end of the run. */
  private record Running(PgCluster cluster) implements ExtensionContext.Store.CloseableResource {
    static Running start() {
      Optional<Path> bin = PgCluster.findBinaries();
      if (bin.isEmpty()) {
        throw unavailable(System.getenv());
      }
      try {
        return new Running(PgCluster.start(bin.get()));
      } catch (Exception e) {
        throw new AssertionError("cannot start a throwaway PostgreSQL cluster with " + bin.get() + ": "
            + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      cluster.stop();
    }
  }
}
