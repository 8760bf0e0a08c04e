package dev.nixinfra.cli.wiring;

import dev.nixinfra.cli.CliFailure;
import dev.nixinfra.core.config.Config;
import dev.nixinfra.core.config.HetznerSettings;
import dev.nixinfra.core.config.Secret;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.providers.hcloud.HcloudProvider;
import dev.nixinfra.providers.hcloud.api.HcloudApi;
import dev.nixinfra.providers.hcloud.api.HcloudHttp;
import dev.nixinfra.providers.hcloud.api.HcloudSettings;
import dev.nixinfra.providers.hcloud.api.OkHttpHcloudApi;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets up the Hetzner Cloud provider for one configuration. The token is the config's {@code hetzner.token}, else
 * {@code HCLOUD_TOKEN}; the endpoint is {@code HCLOUD_ENDPOINT}, else the public API, as the official CLI does.
 * Without a token the provider plans from state alone and apply asks for one.
 */
final class HcloudWiring {
  static final String TOKEN_VARIABLE = "HCLOUD_TOKEN";
  static final String ENDPOINT_VARIABLE = "HCLOUD_ENDPOINT";

  private HcloudWiring() {}

  static HcloudProvider provider(Config config, Map<String, String> env) {
    Optional<String> token = config.hetzner().flatMap(HetznerSettings::token).map(Secret::value)
        .or(() -> Optional.ofNullable(env.get(TOKEN_VARIABLE)).filter(t -> !t.isBlank()));
    if (token.isEmpty()) {
      return new HcloudProvider(Optional.empty());
    }
    HcloudSettings settings = HcloudSettings.of(token.get());
    Optional<String> endpoint = Optional.ofNullable(env.get(ENDPOINT_VARIABLE)).filter(e -> !e.isBlank());
    if (endpoint.isPresent()) {
      settings = settings.withEndpoint(endpoint(endpoint.get()));
    }
    HcloudApi api = new OkHttpHcloudApi(HcloudHttp.sharedClient(), settings);
    return new HcloudProvider(Optional.of(api));
  }

  private static URI endpoint(String value) {
    try {
      URI uri = new URI(value);
      if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, as one sentence
    }
    throw new CliFailure(List.of(Diagnostic.error(ENDPOINT_VARIABLE + " is not an http(s) URL: " + value,
        "Set it to the API's base URL, such as https://api.hetzner.cloud/v1, or unset it to use that default.")));
  }
}
