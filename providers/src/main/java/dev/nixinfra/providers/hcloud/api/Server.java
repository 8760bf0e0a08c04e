package dev.nixinfra.providers.hcloud.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A server as the API reports it, reduced to what nixinfra uses.
 *
 * @param ipv4 empty when the server has no public IPv4
 * @param ipv6 the public IPv6 network, such as {@code 2001:db8::/64}
 * @param image the image name; empty when the image is gone or unnamed
 * @param architecture {@code x86} or {@code arm}, from the server type
 */
public record Server(long id, String name, String status, String serverType, String architecture,
    String location, Optional<String> image, Optional<String> ipv4, Optional<String> ipv6,
    Map<String, String> labels, boolean deleteProtection, boolean rebuildProtection) {
  public Server {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(serverType, "serverType");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(ipv4, "ipv4");
    Objects.requireNonNull(ipv6, "ipv6");
    labels = Map.copyOf(labels);
  }
}
