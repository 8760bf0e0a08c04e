package dev.nixinfra.cli.command;

import dev.nixinfra.cli.CliContext;
import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.cli.wiring.StateStores;
import dev.nixinfra.core.config.Config;
import dev.nixinfra.core.config.ConfigLoader;
import dev.nixinfra.core.config.Expander;
import dev.nixinfra.core.config.LoadResult;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.StateException;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.core.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A loaded configuration, what it expands into, and its state store: what most commands start from. */
final class Workspace {
  private final Config config;
  private final Desired desired;
  private final Path configFile;
  private final Map<String, String> env;
  private final Providers providers;
  private final List<Diagnostic> warnings;
  private StateStore store;

  private Workspace(Config config, Desired desired, Path configFile, Map<String, String> env, Providers providers,
      List<Diagnostic> warnings) {
    this.config = config;
    this.desired = desired;
    this.configFile = configFile;
    this.env = env;
    this.providers = providers;
    this.warnings = warnings;
  }

  /**
   * Loads and checks the configuration file.
   *
   * @throws CliFailure with every problem found, when there is any error
   */
  static Workspace open(CliContext cli, String file) {
    Path path = cli.resolve(file);
    LoadResult loaded = ConfigLoader.load(path, file, cli.env());
    if (loaded.config().isEmpty()) {
      throw new CliFailure(loaded.diagnostics());
    }
    Config config = loaded.config().get();
    Desired desired = Expander.expand(config);
    Providers providers = cli.providers().forConfig(config, cli.env());
    return new Workspace(config, desired, path, cli.env(), providers, loaded.diagnostics());
  }

  Config config() {
    return config;
  }

  Desired desired() {
    return desired;
  }

  /**
   * The state store, opened on first use: commands that never touch the state (validate, graph) then need no
   * database.
   *
   * @throws CliFailure when it cannot be opened, such as an unreachable PostgreSQL server
   */
  StateStore store() {
    if (store == null) {
      store = StateStores.open(config, configFile, env);
    }
    return store;
  }

  /** The providers, set up with this configuration. */
  Providers providers() {
    return providers;
  }

  /** Warnings from loading, to show beside the command's result. */
  List<Diagnostic> warnings() {
    return warnings;
  }

  /** Takes the state lock for {@code operation}, or fails with who holds it. */
  StateLock lock(String operation, Duration timeout) {
    return lock(store(), operation, timeout);
  }

  static StateLock lock(StateStore store, String operation, Duration timeout) {
    try {
      return store.lock(LockInfo.forThisProcess(operation, "nixinfra " + operation), timeout);
    } catch (StateException e) {
      throw new CliFailure("cannot lock the state: " + e.getMessage(), "");
    }
  }

  /** Releases {@code lock}; a failure to release is reported, since the next run would be locked out. */
  static void unlock(StateLock lock, CliContext cli) {
    try {
      lock.close();
    } catch (StateException e) {
      cli.err().println("Warning: could not release the state lock: " + e.getMessage());
    }
  }
}
