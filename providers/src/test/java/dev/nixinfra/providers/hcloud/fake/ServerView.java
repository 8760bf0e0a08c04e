package dev.nixinfra.providers.hcloud.fake;

import java.util.Map;

/**
 * A snapshot of one fake server, for assertions. {@code image} is the image name; {@code architecture} comes from
 * the server type; {@code ipv6} is the /64 network as the API reports it.
 */
public record ServerView(long id, String name, String status, String serverType, String architecture,
    String location, String image, Map<String, String> labels, boolean deleteProtection, boolean rebuildProtection,
    String ipv4, String ipv6) {
  public ServerView {
    labels = Map.copyOf(labels);
  }
}
