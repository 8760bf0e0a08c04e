package dev.nixinfra.providers.nixos;

import java.util.Objects;

/**
 * A Nix double-quoted string literal for any text. Inside {@code "..."} Nix gives meaning to {@code \}, {@code "} and
 * {@code ${}; everything else is literal. Escaping {@code ${} as {@code \${} (not every {@code $}) keeps ordinary
 * dollars readable and is exact: {@code $${x}} becomes {@code $\${x}}, which Nix reads back as {@code $${x}}.
 * Line breaks and tabs are written as {@code \n}, {@code \r}, {@code \t} so one value stays on one line.
 *
 * @param value the text the literal evaluates to; no NUL (Nix strings are C strings)
 */
public record NixString(String value) {
  public NixString {
    Objects.requireNonNull(value, "value");
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a Nix string cannot hold a NUL character");
    }
  }

  /** The literal, quotes included, e.g. {@code "a\"b\${c}"} for {@code a"b${c}}. */
  public String render() {
    StringBuilder b = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '$' -> b.append(i + 1 < value.length() && value.charAt(i + 1) == '{' ? "\\$" : "$");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** Shorthand for {@code new NixString(value).render()}. */
  public static String quote(String value) {
    return new NixString(value).render();
  }

  @Override
  public String toString() {
    return render();
  }
}
