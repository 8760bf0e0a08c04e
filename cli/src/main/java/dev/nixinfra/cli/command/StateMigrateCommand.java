package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.cli.ExitCodes;
import dev.nixinfra.cli.wiring.StateStores;
import dev.nixinfra.core.config.StateBackend;
import dev.nixinfra.core.config.StateSettings;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.state.StateConflictException;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.core.state.StateVersion;
import dev.nixinfra.state.local.LocalStateStore;
import dev.nixinfra.state.postgres.PgUrl;
import dev.nixinfra.state.postgres.PostgresStateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code state migrate --to postgres}: moves a local state into the database. Copies the current snapshot and
 * every snapshot of its lineage from the history, under both states' locks, in one database transaction. The local
 * files are left as they are, as a backup; the user then switches {@code state.backend} to postgres.
 */
@Command(name = "migrate", description = {"Move the local state, with its history, into PostgreSQL.",
    "The local files stay as they are. Afterwards set 'state.backend: postgres' in the configuration."})
final class StateMigrateCommand extends BaseCommand {
  static final String URL_VARIABLE = "NIXINFRA_PG_URL";

  @Mixin ConfigOption config;
  @Mixin LockOptions lock;

  @Option(names = "--to", required = true, paramLabel = "BACKEND", description = "The backend to move to: postgres.")
  String to;

  @Option(names = "--url", paramLabel = "URL",
      description = "The database, postgresql://USER@HOST:PORT/DB (default: $" + URL_VARIABLE
          + ", else state.url).")
  String url;

  @Option(names = "--force", description = "Replace a state the database already holds for this stack, even of "
      + "another lineage or a newer serial.")
  boolean force;

  @Override
  public Integer call() {
    if (!"postgres".equals(to)) {
      throw new CliFailure("cannot migrate the state to '" + to + "'", "Only '--to postgres' is supported.");
    }
    Workspace ws = Workspace.open(cli(), config.file);
    StateSettings settings = ws.config().state();
    Path configFile = cli().resolve(config.file);
    Path localFile = settings.backend() == StateBackend.LOCAL ? settings.resolvePath(configFile).orElseThrow()
        : configFile.toAbsolutePath().getParent().resolve(StateSettings.DEFAULT_PATH).normalize();
    LocalStateStore local = new LocalStateStore(localFile);
    PostgresStateStore target = new PostgresStateStore(targetUrl(settings), ws.config().stack());
    try {
      target.check();
    } catch (StateException e) {
      throw new CliFailure(e.getMessage(),
          "Nothing was copied. Check --url (or $" + URL_VARIABLE + ") and the server.");
    }

    StateLock localLock = Workspace.lock(local, "state migrate", lock.lockTimeout);
    try {
      StateLock targetLock = Workspace.lock(target, "state migrate", lock.lockTimeout);
      try {
        return copy(local, target);
      } finally {
        Workspace.unlock(targetLock, cli());
      }
    } finally {
      Workspace.unlock(localLock, cli());
    }
  }

  private int copy(LocalStateStore local, PostgresStateStore target) {
    State current = Planning.readState(local).orElseThrow(() -> new CliFailure(
        "there is no local state at " + local.describe() + " to migrate",
        "Nothing was copied. Run this beside the configuration whose state you want to move (-f FILE)."));
    List<State> history = new ArrayList<>();
    int added;
    try {
      for (StateVersion v : local.history()) {
        if (v.lineage().equals(current.lineage())) {
          Optional<State> s = local.readVersion(v.serial());
          s.filter(x -> x.lineage().equals(current.lineage())).ifPresent(history::add);
        }
      }
      added = target.adopt(current, history, force);
    } catch (StateConflictException e) {
      throw new CliFailure("cannot migrate the state: " + e.getMessage(),
          "Nothing was copied. Check that --url names the right database and the configuration the right stack; "
              + "pass --force to replace what the database holds (its history is kept).");
    } catch (StateException e) {
      throw new CliFailure("cannot migrate the state: " + e.getMessage(), "Nothing was copied.");
    }
    cli().out().println("Copied the state of stack " + target.stack() + " (serial " + current.serial() + ", "
        + current.resources().size() + " resource(s)) and " + added + " new history snapshot(s) from "
        + local.describe() + " to " + target.describe() + ".");
    cli().out().println("Now set in " + config.file + ":");
    cli().out().println("  state:");
    cli().out().println("    backend: postgres");
    cli().out().println("    url: ${env:" + URL_VARIABLE + "}");
    cli().out().println("and remove state.path. The local files stay as a backup; nixinfra no longer reads them.");
    return ExitCodes.OK;
  }

  /** {@code --url}, else {@code $NIXINFRA_PG_URL}, else the configuration's {@code state.url}. */
  private PgUrl targetUrl(StateSettings settings) {
    if (url != null) {
      return StateStores.parseUrl(url, "--url", null, cli().env());
    }
    String fromEnv = cli().env().get(URL_VARIABLE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return StateStores.parseUrl(fromEnv, "$" + URL_VARIABLE, null, cli().env());
    }
    if (settings.url().isPresent()) {
      return StateStores.postgresUrl(settings, cli().env());
    }
    throw new CliFailure("no database to migrate the state to",
        "Pass --url postgresql://USER@HOST:PORT/DATABASE or set $" + URL_VARIABLE + ".");
  }
}
