package dev.nixinfra.cli.wiring;

import dev.nixinfra.core.config.Config;
import dev.nixinfra.core.provider.Providers;
import java.util.Map;

/**
 * Makes the providers for one configuration: they need its settings (API token, SSH identity, stack name). The
 * packaged jar uses {@link BuiltInProviders}; tests hand in fakes.
 */
@FunctionalInterface
public interface ProviderFactory {
  Providers forConfig(Config config, Map<String, String> env);
}
