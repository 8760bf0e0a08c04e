package dev.nixinfra.cli.render;

import dev.nixinfra.core.plan.Action;

/**
 * Colour for human output. The caller decides whether colour is on (a terminal, no {@code NO_COLOR}, no
 * {@code --no-color}); with colour off every method returns its text unchanged, so output is plain text. With colour
 * on, text is wrapped in raw ANSI SGR codes and always reset afterwards. Renderers pad and align before styling,
 * so escape codes never break alignment.
 */
public final class Style {
  /** No escape codes at all. */
  public static final Style PLAIN = new Style(false);
  /** ANSI colours. */
  public static final Style ANSI = new Style(true);

  private static final String ESC = "\u001b[";
  private static final String RESET = ESC + "0m";

  private final boolean enabled;

  private Style(boolean enabled) {
    this.enabled = enabled;
  }

  public static Style of(boolean colour) {
    return colour ? ANSI : PLAIN;
  }

  /**
   * The usual decision, for callers that have no better one: colour only when writing to a terminal, not disabled
   * with {@code --no-color}, {@code NO_COLOR} set (to anything) or {@code TERM=dumb}.
   *
   * @param terminal whether the output goes to a terminal, for example {@code System.console() != null}
   * @param env the environment, normally {@code System.getenv()}
   */
  public static Style auto(boolean terminal, boolean noColorOption, java.util.Map<String, String> env) {
    boolean off = noColorOption || env.containsKey("NO_COLOR") || "dumb".equals(env.get("TERM"));
    return of(terminal && !off);
  }

  public boolean enabled() {
    return enabled;
  }

  public String bold(String text) {
    return wrap("1", text);
  }

  public String green(String text) {
    return wrap("32", text);
  }

  public String yellow(String text) {
    return wrap("33", text);
  }

  public String red(String text) {
    return wrap("31", text);
  }

  public String boldGreen(String text) {
    return wrap("1;32", text);
  }

  public String boldYellow(String text) {
    return wrap("1;33", text);
  }

  public String boldRed(String text) {
    return wrap("1;31", text);
  }

  /** The plan symbol of {@code action} in its colour: + green, ~ yellow, - red, -/+ red and green. */
  public String symbol(Action action) {
    return switch (action) {
      case CREATE -> green("+");
      case UPDATE -> yellow("~");
      case DELETE -> red("-");
      case REPLACE -> red("-") + "/" + green("+");
      case NO_OP -> " ";
    };
  }

  /** {@link #symbol} right-aligned in three columns, the way plan lines start. */
  public String paddedSymbol(Action action) {
    return " ".repeat(3 - action.symbol().length()) + symbol(action);
  }

  private String wrap(String code, String text) {
    return enabled && !text.isEmpty() ? ESC + code + "m" + text + RESET : text;
  }
}
