package dev.nixinfra.core.check;

import dev.nixinfra.core.model.Address;
import java.util.Objects;

/** A client, the key it logs in with, and one builder it uses, as the configuration declares them. */
public record CheckPair(Address client, Address clientKey, Address builder) {
  public CheckPair {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(clientKey, "clientKey");
    Objects.requireNonNull(builder, "builder");
  }
}
