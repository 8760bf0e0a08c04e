package dev.nixinfra.providers.hcloud.api;

import java.util.List;
import java.util.Objects;

/**
 * A server type of the catalogue.
 *
 * @param architecture {@code x86} or {@code arm}
 * @param locations where it is offered, with whether it can be ordered there now
 */
public record ServerType(long id, String name, String architecture, boolean deprecated,
    List<Availability> locations) {
  public ServerType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
    locations = List.copyOf(locations);
  }

  /** A location of a server type: {@code available} is false where it is sold out or no longer sold. */
  public record Availability(String location, boolean available, boolean deprecated) {
    public Availability {
      Objects.requireNonNull(location, "location");
    }
  }
}
