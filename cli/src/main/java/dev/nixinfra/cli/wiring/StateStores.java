package dev.nixinfra.cli.wiring;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.core.config.Config;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.state.StateStore;
import dev.nixinfra.state.local.LocalStateStore;
import java.nio.file.Path;
import java.util.List;

/** Picks the state store the configuration's {@code state:} block asks for. */
public final class StateStores {
  private StateStores() {}

  /** @param configFile the configuration file; a relative state path is resolved against its folder */
  public static StateStore open(Config config, Path configFile) {
    return switch (config.state().backend()) {
      case LOCAL -> new LocalStateStore(config.state().resolvePath(configFile).orElseThrow());
      case POSTGRES -> throw new CliFailure(List.of(Diagnostic.error(config.state().location(),
          "the postgres state backend is not available in this version of nixinfra",
          "Use 'backend: local' (the default) for now; team state on PostgreSQL comes in a later release.")));
    };
  }
}
