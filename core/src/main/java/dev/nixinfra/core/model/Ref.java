package dev.nixinfra.core.model;

import java.util.Objects;

/**
 * A desired value that is another resource's attribute, for example the IPv4 address of {@code hcloud_server.arm1}.
 * The planner replaces a reference by the value when that is known; otherwise it stays in the plan and the apply
 * engine resolves it once the referenced resource has been applied. Shown to users as "(known after apply)".
 */
public record Ref(Address address, String attribute) {
  public Ref {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(attribute, "attribute");
  }

  @Override
  public String toString() {
    return address + "." + attribute;
  }
}
