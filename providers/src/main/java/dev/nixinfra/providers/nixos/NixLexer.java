package dev.nixinfra.providers.nixos;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of Nix's lexer to find structure in a configuration.nix: comments and strings (both kinds, with
 * interpolations) are skipped as opaque, runs of identifier and path characters become one {@link Kind#WORD} (so
 * {@code ./imports.nix} or {@code config.imports} is never mistaken for the {@code imports} attribute), and every
 * other character is its own {@link Kind#PUNCT} token. Each token records the brace depth it sits at.
 */
final class NixLexer {
  enum Kind { WORD, STRING, PUNCT }

  /** A token: {@code text} is {@code source[start, end)}; {@code depth} counts the enclosing {@code { }}. */
  record Token(Kind kind, String text, int start, int end, int depth) {
    boolean is(String s) {
      return text.equals(s);
    }
  }

  private final String src;
  private int pos;

  private NixLexer(String src) {
    this.src = src;
  }

  /** The tokens of {@code source}; throws {@link UneditableConfigurationException} on an unterminated string or comment. */
  static List<Token> lex(String source) {
    return new NixLexer(source).tokens();
  }

  private List<Token> tokens() {
    List<Token> out = new ArrayList<>();
    int depth = 0;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      int start = pos;
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        skipLineComment();
      } else if (c == '/' && peek(1) == '*') {
        skipBlockComment();
      } else if (c == '"') {
        skipString();
        out.add(new Token(Kind.STRING, src.substring(start, pos), start, pos, depth));
      } else if (c == '\'' && peek(1) == '\'') {
        skipIndentedString();
        out.add(new Token(Kind.STRING, src.substring(start, pos), start, pos, depth));
      } else if (isWordChar(c)) {
        while (pos < src.length() && isWordChar(src.charAt(pos)) && !(src.charAt(pos) == '/' && peek(1) == '*')) {
          pos++;
        }
        out.add(new Token(Kind.WORD, src.substring(start, pos), start, pos, depth));
      } else {
        pos++;
        if (c == '}') {
          depth--;
        }
        out.add(new Token(Kind.PUNCT, String.valueOf(c), start, pos, depth)); // a brace sits at its own depth
        if (c == '{') {
          depth++;
        }
      }
    }
    return out;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '\'' || c == '-' || c == '.' || c == '/' || c == '+'
        || c == '~';
  }

  private char peek(int ahead) {
    return pos + ahead < src.length() ? src.charAt(pos + ahead) : '\0';
  }

  private void skipLineComment() {
    while (pos < src.length() && src.charAt(pos) != '\n') {
      pos++;
    }
  }

  private void skipBlockComment() {
    int end = src.indexOf("*/", pos + 2);
    if (end < 0) {
      throw new UneditableConfigurationException("unterminated /* comment at offset " + pos);
    }
    pos = end + 2;
  }

  private void skipString() {
    int start = pos++;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\\') {
        pos += 2;
      } else if (c == '"') {
        pos++;
        return;
      } else if (c == '$' && peek(1) == '{') {
        skipInterpolation();
      } else {
        pos++;
      }
    }
    throw new UneditableConfigurationException("unterminated string at offset " + start);
  }

  private void skipIndentedString() {
    int start = pos;
    pos += 2;
    while (pos < src.length()) {
      if (src.startsWith("''", pos)) {
        char next = peek(2);
        if (next == '\'' || next == '$') {
          pos += 3;
        } else if (next == '\\') {
          pos += 4;
        } else {
          pos += 2;
          return;
        }
      } else if (src.startsWith("${", pos)) {
        skipInterpolation();
      } else {
        pos++;
      }
    }
    throw new UneditableConfigurationException("unterminated '' string at offset " + start);
  }

  /** From {@code ${} to its matching {@code }}, skipping nested strings and comments. */
  private void skipInterpolation() {
    int start = pos;
    pos += 2;
    int braces = 1;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '"') {
        skipString();
      } else if (c == '\'' && peek(1) == '\'') {
        skipIndentedString();
      } else if (c == '#') {
        skipLineComment();
      } else if (c == '/' && peek(1) == '*') {
        skipBlockComment();
      } else {
        pos++;
        if (c == '{') {
          braces++;
        } else if (c == '}' && --braces == 0) {
          return;
        }
      }
    }
    throw new UneditableConfigurationException("unterminated ${ at offset " + start);
  }
}
