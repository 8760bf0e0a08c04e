package dev.nixinfra.core.model;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of one resource, written {@code type.name}, for example {@code hcloud_server.arm1}.
 * Addresses sort by type, then name, so every listing of resources is stable.
 */
public record Address(String type, String name) implements Comparable<Address> {
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final Comparator<Address> ORDER =
      Comparator.comparing(Address::type).thenComparing(Address::name);

  public Address {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    if (!TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("not a resource type: '" + type + "'");
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a resource name: '" + name + "'");
    }
  }

  /**
   * Parses {@code type.name}.
   *
   * @throws IllegalArgumentException with a message fit for the user when the text is not an address
   */
  public static Address parse(String text) {
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a resource address; write TYPE.NAME, for example builder.arm1");
    }
    return new Address(text.substring(0, dot), text.substring(dot + 1));
  }

  public static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  @Override
  public int compareTo(Address o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return type + "." + name;
  }
}
