package dev.nixinfra.cli.wiring;

import dev.nixinfra.core.config.Config;
import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.provider.Providers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The providers of this build, set up for one configuration. Providers found with {@link ServiceLoader} on the
 * class path replace the built-in one of the same name: that is how the end-to-end tests plug a stand-in for a
 * provider into the packaged jar. The packaged jar itself registers none.
 *
 * <p>Built in: Hetzner Cloud ({@link HcloudWiring}), and the nix provider and the nixos-infect bootstrap for
 * machines reached over SSH ({@link NixWiring}).
 */
public final class BuiltInProviders implements ProviderFactory {
  private final List<NixWiring> opened = new java.util.ArrayList<>();

  @Override
  public Providers forConfig(Config config, Map<String, String> env) {
    Map<String, Provider> byName = new LinkedHashMap<>();
    builtIn(config, env).forEach(p -> byName.put(p.name(), p));
    ServiceLoader.load(Provider.class).forEach(p -> byName.put(p.name(), p));
    return Providers.of(byName.values());
  }

  private List<Provider> builtIn(Config config, Map<String, String> env) {
    NixWiring nix = NixWiring.of(config, env);
    synchronized (opened) {
      opened.add(nix);
    }
    return List.of(HcloudWiring.provider(config, env), nix.provider(), nix.bootstrapProvider());
  }

  @Override
  public void close() {
    synchronized (opened) {
      opened.forEach(NixWiring::close);
      opened.clear();
    }
  }
}
