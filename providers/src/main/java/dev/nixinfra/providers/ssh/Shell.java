package dev.nixinfra.providers.ssh;

import java.util.Objects;
import java.util.regex.Pattern;

/** Quoting for POSIX {@code sh}: what a remote command line needs around paths and values it did not write. */
public final class Shell {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private Shell() {}

  /**
   * {@code value} as one sh word that expands to exactly {@code value}: unchanged when it has only characters
   * that are never special, otherwise in single quotes with each {@code '} written as {@code '\''}. The empty
   * string becomes {@code ''}. A NUL cannot be passed in a command line and is refused.
   */
  public static String quote(String value) {
    Objects.requireNonNull(value, "value");
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a shell word cannot contain a NUL character");
    }
    if (SAFE.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
