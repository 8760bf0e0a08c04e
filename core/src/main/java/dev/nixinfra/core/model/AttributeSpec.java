package dev.nixinfra.core.model;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The schema of one attribute of a resource type.
 *
 * @param computed the provider may set it: when the configuration does not give a value, the planner keeps the
 *     value from state on update, and plans it as unknown on create and replace
 * @param forcesReplacement a change of this attribute cannot be made in place; the resource is replaced
 * @param updateWarning shown next to the attribute when it changes in place, for example that the server powers off
 */
public record AttributeSpec(
    String name,
    String description,
    boolean computed,
    boolean forcesReplacement,
    Optional<String> updateWarning) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public AttributeSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(updateWarning, "updateWarning");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not an attribute name: " + name);
    }
  }

  /** An attribute set from the configuration, changed in place. */
  public static AttributeSpec input(String name, String description) {
    return new AttributeSpec(name, description, false, false, Optional.empty());
  }

  /** An attribute set from the configuration whose change replaces the resource. */
  public static AttributeSpec forcesNew(String name, String description) {
    return new AttributeSpec(name, description, false, true, Optional.empty());
  }

  /** An attribute only the provider knows, such as an id or an address. */
  public static AttributeSpec computed(String name, String description) {
    return new AttributeSpec(name, description, true, false, Optional.empty());
  }

  /** The same attribute, but changing it in place disrupts the resource in the way {@code warning} says. */
  public AttributeSpec disruptive(String warning) {
    return new AttributeSpec(name, description, computed, forcesReplacement, Optional.of(warning));
  }

  /** The same attribute, but the configuration may leave it out and let the provider fill it in. */
  public AttributeSpec optionalComputed() {
    return new AttributeSpec(name, description, true, forcesReplacement, updateWarning);
  }
}
