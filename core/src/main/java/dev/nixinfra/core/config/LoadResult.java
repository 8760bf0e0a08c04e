package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What loading a config file gave: the config when there were no errors, and every diagnostic (warnings also come
 * with a config), sorted by place in the file.
 */
public record LoadResult(Optional<Config> config, List<Diagnostic> diagnostics) {
  public LoadResult {
    Objects.requireNonNull(config, "config");
    diagnostics = List.copyOf(diagnostics);
    boolean errors = diagnostics.stream().anyMatch(Diagnostic::isError);
    if (errors == config.isPresent()) {
      throw new IllegalArgumentException("a config comes exactly when there are no errors");
    }
  }

  public boolean hasErrors() {
    return config.isEmpty();
  }
}
