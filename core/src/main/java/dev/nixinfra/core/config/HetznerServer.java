package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.SourceLocation;
import java.util.Objects;

/**
 * A builder's {@code hetzner:} block: the server nixinfra creates for it.
 *
 * @param serverLocation the builder's own location, or else the top-level default, already resolved
 */
public record HetznerServer(String serverType, String image, String serverLocation, SourceLocation location) {
  public static final String DEFAULT_IMAGE = "ubuntu-24.04";

  public HetznerServer {
    Objects.requireNonNull(location, "location");
    for (String s : new String[] {serverType, image, serverLocation}) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException("server type, image and location must not be empty");
      }
    }
  }
}
