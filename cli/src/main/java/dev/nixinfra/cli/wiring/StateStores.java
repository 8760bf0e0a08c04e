package dev.nixinfra.cli.wiring;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.core.config.Config;
import dev.nixinfra.core.config.Secret;
import dev.nixinfra.core.config.StateSettings;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateStore;
import dev.nixinfra.state.local.LocalStateStore;
import dev.nixinfra.state.postgres.PgUrl;
import dev.nixinfra.state.postgres.PostgresStateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Picks the state store the configuration's {@code state:} block asks for. */
public final class StateStores {
  private StateStores() {}

  /** As {@link #open(Config, Path, Map)} with this process's environment. */
  public static StateStore open(Config config, Path configFile) {
    return open(config, configFile, System.getenv());
  }

  /**
   * @param configFile the configuration file; a relative state path is resolved against its folder
   * @param env the environment, for {@code PGPASSWORD} and {@code PGUSER}
   * @throws CliFailure located at the {@code state:} block when the PostgreSQL URL is missing or invalid, or the
   *     database cannot be reached; the message names {@code host:port}, never the password
   */
  public static StateStore open(Config config, Path configFile, Map<String, String> env) {
    StateSettings settings = config.state();
    return switch (settings.backend()) {
      case LOCAL -> new LocalStateStore(settings.resolvePath(configFile).orElseThrow());
      case POSTGRES -> {
        PostgresStateStore store = new PostgresStateStore(postgresUrl(settings, env), config.stack());
        try {
          store.check();
        } catch (StateException e) {
          throw new CliFailure(List.of(Diagnostic.error(settings.location(), e.getMessage(),
              "The state is kept in PostgreSQL (state.backend: postgres); fix state.url or the server, or switch "
                  + "back to 'backend: local'.")));
        }
        yield store;
      }
    };
  }

  /** The URL from {@code state.url}, parsed; a failure is located at the {@code state:} block. */
  public static PgUrl postgresUrl(StateSettings settings, Map<String, String> env) {
    Secret url = settings.url().orElseThrow();
    return parseUrl(url.value(), url.source(), settings, env);
  }

  /**
   * Parses a PostgreSQL URL from {@code source} (for messages: {@code env:NIXINFRA_PG_URL}, {@code --url}).
   *
   * @param settings where to locate the failure; null when the URL does not come from the configuration
   */
  public static PgUrl parseUrl(String url, String source, StateSettings settings, Map<String, String> env) {
    String problem;
    if (url.isBlank()) {
      problem = "the PostgreSQL state URL from " + source + " is empty";
    } else {
      try {
        return PgUrl.parse(url.strip(), env);
      } catch (IllegalArgumentException e) {
        problem = "the PostgreSQL state URL from " + source + " is not valid: " + e.getMessage();
      }
    }
    String fix = "Set it to postgresql://USER@HOST:PORT/DATABASE (the password may follow the user as USER:PASSWORD@,"
        + " or come from PGPASSWORD), for example by exporting NIXINFRA_PG_URL.";
    throw new CliFailure(List.of(settings == null ? Diagnostic.error(problem, fix)
        : Diagnostic.error(settings.location(), problem, fix)));
  }
}
