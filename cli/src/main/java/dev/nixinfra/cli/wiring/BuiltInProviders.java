package dev.nixinfra.cli.wiring;

import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.provider.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The providers of this build. The built-in list is where each provider module's entry point is added as it
 * lands; providers found with {@link ServiceLoader} on the class path come after them, which is how the
 * end-to-end tests plug a fake cloud into the packaged jar.
 */
public final class BuiltInProviders {
  private BuiltInProviders() {}

  public static Providers load() {
    List<Provider> all = new ArrayList<>(builtIn());
    ServiceLoader.load(Provider.class).forEach(all::add);
    return Providers.of(all);
  }

  private static List<Provider> builtIn() {
    return List.of();
  }
}
