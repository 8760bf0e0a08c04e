package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.SourceLocation;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code state:} block: where nixinfra keeps its record of what exists.
 *
 * @param path the local state file as written, relative to the config file's folder; present only for local
 * @param url the PostgreSQL URL; present only for postgres, a secret because it may hold a password
 * @param location the {@code state:} key, or the top of the file when the block is left out
 */
public record StateSettings(StateBackend backend, Optional<String> path, Optional<Secret> url, SourceLocation location) {
  public static final String DEFAULT_PATH = ".nixinfra/state.json";

  public StateSettings {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(location, "location");
    if (backend == StateBackend.LOCAL && (path.isEmpty() || url.isPresent())) {
      throw new IllegalArgumentException("local state needs a path and no url");
    }
    if (backend == StateBackend.POSTGRES && (url.isEmpty() || path.isPresent())) {
      throw new IllegalArgumentException("postgres state needs a url and no path");
    }
  }

  /** The local state file, resolved against the folder that holds the config file. Empty for postgres. */
  public Optional<Path> resolvePath(Path configFile) {
    Path dir = configFile.toAbsolutePath().getParent();
    return path.map(p -> dir.resolve(p).normalize());
  }
}
