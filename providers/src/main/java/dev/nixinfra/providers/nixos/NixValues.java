package dev.nixinfra.providers.nixos;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Nix literals other than strings: attribute names (bare when the lexer allows it, else quoted), attribute paths,
 * lists of strings, integers and booleans. Attribute names are never trusted: anything that is not a plain
 * identifier, or is a keyword, is written as a quoted string.
 */
public final class NixValues {
  /** Nix's ID token: {@code [a-zA-Z_][a-zA-Z0-9_'-]*}. */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_'-]*");
  /** Keywords cannot be bare attribute names ({@code or} can in some positions, but not reliably on old Nix). */
  private static final Set<String> KEYWORDS =
      Set.of("if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or");

  private NixValues() {}

  /** {@code name} as one attribute name: bare ({@code max-jobs}) or quoted ({@code "ssh/ssh_config.d/x.conf"}). */
  public static String attrName(String name) {
    Objects.requireNonNull(name, "name");
    return IDENTIFIER.matcher(name).matches() && !KEYWORDS.contains(name) ? name : NixString.quote(name);
  }

  /** An attribute path, each element quoted as needed: {@code attrPath("users", "users", "a b")} → {@code users.users."a b"}. */
  public static String attrPath(String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("an attribute path needs at least one name");
    }
    return java.util.Arrays.stream(names).map(NixValues::attrName).collect(Collectors.joining("."));
  }

  /** A one-line list of string literals, {@code [ "a" "b" ]}; {@code [ ]} when empty. */
  public static String stringList(List<String> values) {
    return values.isEmpty() ? "[ ]"
        : values.stream().map(NixString::quote).collect(Collectors.joining(" ", "[ ", " ]"));
  }

  /** A Nix integer; Nix integers are signed 64-bit, as is a Java long. A negative one is parenthesised. */
  public static String integer(long value) {
    return value < 0 ? "(" + value + ")" : Long.toString(value);
  }

  public static String bool(boolean value) {
    return Boolean.toString(value);
  }
}
