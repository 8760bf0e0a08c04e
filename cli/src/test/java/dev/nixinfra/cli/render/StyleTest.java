package dev.nixinfra.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nixinfra.core.plan.Action;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StyleTest {
  @Test
  void plainLeavesTextAlone() {
    assertEquals("x", Style.PLAIN.boldRed("x"));
    assertEquals("-/+", Style.PLAIN.symbol(Action.REPLACE));
    assertEquals("  ~", Style.PLAIN.paddedSymbol(Action.UPDATE));
  }

  @Test
  void ansiWrapsAndResets() {
    assertEquals("\u001b[1;33mx\u001b[0m", Style.ANSI.boldYellow("x"));
    assertEquals("", Style.ANSI.green(""));
  }

  @Test
  void autoNeedsATerminalAndNoOptOut() {
    assertSame(Style.ANSI, Style.auto(true, false, Map.of("TERM", "xterm")));
    assertSame(Style.PLAIN, Style.auto(false, false, Map.of()));
    assertSame(Style.PLAIN, Style.auto(true, true, Map.of()));
    assertSame(Style.PLAIN, Style.auto(true, false, Map.of("NO_COLOR", "")));
    assertSame(Style.PLAIN, Style.auto(true, false, Map.of("TERM", "dumb")));
  }
}
