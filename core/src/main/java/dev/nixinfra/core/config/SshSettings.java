package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.SourceLocation;
import java.util.Objects;

/**
 * The {@code ssh:} block: how nixinfra itself logs in to machines as root. Paths are kept as written; a leading
 * {@code ~} is expanded by the providers, which know whose home it is.
 *
 * @param identity the private key; its public half is {@code identity + ".pub"}
 */
public record SshSettings(String identity, String knownHosts, SourceLocation location) {
  public static final String DEFAULT_IDENTITY = "~/.ssh/id_ed25519";
  public static final String DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts";

  public SshSettings {
    Objects.requireNonNull(location, "location");
    if (identity == null || identity.isBlank() || knownHosts == null || knownHosts.isBlank()) {
      throw new IllegalArgumentException("ssh identity and known_hosts must not be empty");
    }
  }

  public String publicKeyFile() {
    return identity + ".pub";
  }
}
