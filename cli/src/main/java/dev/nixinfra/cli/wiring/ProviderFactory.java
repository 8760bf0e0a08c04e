package dev.nixinfra.cli.wiring;

import dev.nixinfra.core.config.Config;
import dev.nixinfra.core.provider.Providers;
import java.util.Map;

/**
 * Makes the providers for one configuration: they need its settings (API token, SSH identity, stack name). The
 * packaged jar uses {@link BuiltInProviders}; tests hand in fakes.
 */
@FunctionalInterface
public interface ProviderFactory extends AutoCloseable {
  Providers forConfig(Config config, Map<String, String> env);

  /** Releases what the providers made hold on to (the run's SSH connections); called once the command ends. */
  @Override
  default void close() {}
}
