package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.SourceLocation;
import java.util.Objects;
import java.util.Optional;

/**
 * The top-level {@code hetzner:} block.
 *
 * @param token the API token; empty when the config names an unset variable, so that planning works without
 *     credentials (the hcloud provider reports a missing token when it needs one)
 * @param serverLocation the default Hetzner location of servers, for example {@code fsn1}
 */
public record HetznerSettings(Optional<Secret> token, Optional<String> serverLocation, SourceLocation location) {
  public HetznerSettings {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(serverLocation, "serverLocation");
    Objects.requireNonNull(location, "location");
  }
}
