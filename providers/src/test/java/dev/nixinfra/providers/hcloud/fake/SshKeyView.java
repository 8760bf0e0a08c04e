package dev.nixinfra.providers.hcloud.fake;

import java.util.Map;

/** A snapshot of one fake SSH key; {@code fingerprint} is the MD5 colon-hex of the key blob. */
public record SshKeyView(long id, String name, String fingerprint, String publicKey, Map<String, String> labels) {
  public SshKeyView {
    labels = Map.copyOf(labels);
  }
}
