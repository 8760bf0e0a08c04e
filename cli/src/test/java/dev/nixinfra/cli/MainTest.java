package dev.nixinfra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void versionCommandAndOption() {
    assertEquals(0, run("version"));
    assertTrue(out.toString().startsWith("nixinfra 0.1.0\njava "), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("nixinfra 0.1.0\n"), out.toString());
  }

  @Test
  void badUsageIsExitOneNotTwo() {
    assertEquals(1, run("--no-such-option"));
    assertEquals(1, run());
    assertTrue(err.toString().contains("Usage: nixinfra"), err.toString());
  }
}
