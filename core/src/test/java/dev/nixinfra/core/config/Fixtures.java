package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.Diagnostic;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Helpers shared by the config tests. */
final class Fixtures {
  private Fixtures() {}

  /** One diagnostic as the corpus files write it: {@code ERROR file:line:col: summary}. */
  static String line(Diagnostic d) {
    return d.severity() + " " + d.location().map(l -> l + ": ").orElse("") + d.summary();
  }

  static String lines(List<Diagnostic> ds) {
    return ds.stream().map(Fixtures::line).collect(Collectors.joining("\n"));
  }

  static LoadResult parse(String yaml) {
    return ConfigLoader.parse(yaml, "nixinfra.yaml", Map.of());
  }

  /** Parses text that must be valid, failing with every diagnostic otherwise. */
  static Config valid(String yaml) {
    LoadResult r = parse(yaml);
    if (r.config().isEmpty()) {
      throw new AssertionError("expected a valid config, got:\n" + lines(r.diagnostics()));
    }
    return r.config().get();
  }
}
