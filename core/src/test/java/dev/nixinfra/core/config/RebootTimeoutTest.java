package dev.nixinfra.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.diag.Diagnostic;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code nixos_infect.reboot_timeout}: how long a bootstrap waits for the rebooted host. */
class RebootTimeoutTest {
  static final String PIN = "  commit: 7563801d\n  sha256: " + "a".repeat(64) + "\n";

  static String config(String infectBlock) {
    return "stack: s\nnixos_infect:\n" + infectBlock + ConfigLoaderTest.MINIMAL.substring("stack: s\n".length());
  }

  /** The one diagnostic of a broken block, which must be an error at line 3 (the value), column 19. */
  static Diagnostic onlyError(String value) {
    List<Diagnostic> ds = Fixtures.parse(config("  reboot_timeout: " + value + "\n")).diagnostics();
    assertEquals(1, ds.size(), () -> Fixtures.lines(ds));
    Diagnostic d = ds.get(0);
    assertTrue(d.isError());
    assertEquals("nixinfra.yaml:3:19", d.location().orElseThrow().toString());
    return d;
  }

  @ParameterizedTest
  @CsvSource({"20m, PT20M", "90s, PT1M30S", "1h, PT1H", "2h, PT2H", "1s, PT1S", "'\"45m\"', PT45M"})
  void validDurations(String written, Duration expected) {
    Config c = Fixtures.valid(config("  reboot_timeout: " + written + "\n"));
    assertEquals(Optional.of(expected), c.rebootTimeout());
  }

  @Test
  void aloneItKeepsTheShippedPin() {
    Config c = Fixtures.valid(config("  reboot_timeout: 20m\n"));
    assertEquals(Optional.empty(), c.nixosInfect());
    assertEquals(Optional.of(Duration.ofMinutes(20)), c.rebootTimeout());
  }

  @Test
  void withThePin() {
    Config c = Fixtures.valid(config(PIN + "  reboot_timeout: 30m\n"));
    assertEquals("7563801d", c.nixosInfect().orElseThrow().commit());
    assertEquals(Optional.of(Duration.ofMinutes(30)), c.rebootTimeout());
  }

  @Test
  void absentIsEmpty() {
    assertEquals(Optional.empty(), Fixtures.valid(config(PIN)).rebootTimeout());
    assertEquals(Optional.empty(), Fixtures.valid(ConfigLoaderTest.MINIMAL).rebootTimeout());
  }

  @Test
  void aCommitStillNeedsItsChecksum() {
    List<Diagnostic> ds = Fixtures.parse(config("  commit: 7563801d\n  reboot_timeout: 20m\n")).diagnostics();
    assertEquals("ERROR nixinfra.yaml:2:1: `nixos_infect` is missing required key `sha256`", Fixtures.lines(ds));
  }

  @ParameterizedTest
  @CsvSource({"20d", "20min", "1.5h", "-5m", "soon", "20 minutes"})
  void wrongUnit(String written) {
    Diagnostic d = onlyError(written);
    assertEquals("`nixos_infect.reboot_timeout` is not a duration: `" + written + "`", d.summary());
    assertTrue(d.detail().contains("s (seconds), m (minutes) or h (hours)"), d.detail());
  }

  @Test
  void zero() {
    Diagnostic d = onlyError("0s");
    assertEquals("`nixos_infect.reboot_timeout` must be longer than 0, not `0s`", d.summary());
    assertTrue(d.detail().contains("default of 15m"), d.detail());
  }

  @ParameterizedTest
  @CsvSource({"3h", "121m", "7201s", "999999999h"})
  void tooLarge(String written) {
    Diagnostic d = onlyError(written);
    assertEquals("`nixos_infect.reboot_timeout` must be at most 2h, not `" + written + "`", d.summary());
    assertTrue(d.detail().startsWith("write 2h or less"), d.detail());
  }

  @Test
  void aBareNumberNeedsAUnit() {
    Diagnostic d = onlyError("20");
    assertEquals("`nixos_infect.reboot_timeout` must be a duration such as `20m`, not a whole number", d.summary());
    assertEquals("add a unit: `reboot_timeout: 20m` for minutes, `20s` for seconds", d.detail());
  }

  @Test
  void wrongType() {
    Diagnostic d = onlyError("[20m]");
    assertTrue(d.summary().startsWith("`nixos_infect.reboot_timeout` must be a duration such as `20m`, not "),
        d.summary());
    assertTrue(d.detail().contains("`reboot_timeout: 20m`"), d.detail());
  }

  @Test
  void misspeltKeyIsSuggested() {
    List<Diagnostic> ds = Fixtures.parse(config("  reboot_timout: 20m\n")).diagnostics();
    assertEquals(1, ds.size(), () -> Fixtures.lines(ds));
    assertTrue(ds.get(0).summary().contains("did you mean `reboot_timeout`"), ds.get(0).summary());
  }

  @Test
  void formatReadsBack() {
    for (String s : List.of("2h", "20m", "90s", "1s", "15m")) {
      assertEquals(s, Durations.format(Durations.parse(s).orElseThrow()));
    }
  }
}
