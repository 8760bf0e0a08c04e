package dev.nixinfra.providers.hcloud.api;

import java.util.Objects;

/** A Hetzner location, such as {@code fsn1}. */
public record Location(long id, String name, String description, String networkZone) {
  public Location {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(networkZone, "networkZone");
  }
}
