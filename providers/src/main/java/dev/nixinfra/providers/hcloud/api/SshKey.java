package dev.nixinfra.providers.hcloud.api;

import java.util.Map;
import java.util.Objects;

/** An SSH key in the project. {@code fingerprint} is MD5 colon-hex, as the API shows it. */
public record SshKey(long id, String name, String fingerprint, String publicKey, Map<String, String> labels) {
  public SshKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(publicKey, "publicKey");
    labels = Map.copyOf(labels);
  }
}
