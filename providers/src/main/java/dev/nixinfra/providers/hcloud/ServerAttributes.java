package dev.nixinfra.providers.hcloud;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.providers.hcloud.api.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a Hetzner server to the attributes of an {@code hcloud_server} resource. What the API does not report (the
 * SSH keys a server was created with, an image that has since been deleted) is kept from what nixinfra recorded,
 * so it never shows as drift and never forces a replacement by itself.
 */
final class ServerAttributes {
  private ServerAttributes() {}

  static ResourceState state(Address address, Server s, Optional<Attributes> recorded, Set<Address> dependencies) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("name", s.name());
    a.put("server_type", s.serverType());
    a.put("architecture", s.architecture());
    a.put("location", s.location());
    a.put("labels", s.labels());
    a.put("id", s.id());
    a.put("ipv4", s.ipv4().orElse(""));
    a.put("ipv6", s.ipv6().orElse(""));
    a.put("status", s.status());
    Optional<Object> image = s.image().<Object>map(i -> i).or(() -> recorded.flatMap(r -> r.get("image")));
    image.ifPresent(i -> a.put("image", i));
    a.put("ssh_keys", recorded.flatMap(r -> r.get("ssh_keys")).orElse(List.of()));
    return new ResourceState(address, Long.toString(s.id()), Attributes.of(a), false, dependencies);
  }
}
