package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.Suggestions;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizes, suggestions, interpolation and hosts, table-driven. */
class HelpersTest {
  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {
      "0, 0", "1024, 1024", "10B, 10", "1K, 1024", "1KiB, 1024", "2M, 2097152", "2MiB, 2097152",
      "10GiB, 10737418240", "1T, 1099511627776", "1 GiB, 1073741824",
      "10GB, none", "1.5GiB, none", "-1, none", "lots, none", "99999999999T, none"})
  void sizes(String text, Long bytes) {
    assertEquals(Optional.ofNullable(bytes), Sizes.parse(text));
  }

  @ParameterizedTest
  @CsvSource({"1%, true", "90%, true", "100%, true", "0%, false", "101%, false", "9.5%, false", "%, false"})
  void percentages(String text, boolean ok) {
    assertEquals(ok, Sizes.isPercent(text));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {
      "prot, port", "max_job, max_jobs", "builder, builders", "x86-64-linux, x86_64-linux", "colour, none",
      "os, os", "ip, none", "HOST, host"})
  void suggestions(String typed, String expected) {
    List<String> candidates = List.of("port", "max_jobs", "builders", "host", "os", "x86_64-linux");
    assertEquals(Optional.ofNullable(expected), Suggestions.closest(typed, candidates));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "plain | plain | none",
      "${env:A} | 1 | none",
      "x-${env:A}-${env:B}-y | x-1-2-y | none",
      "${env:UNSET} | '' | UNSET",
      "$HOME | $HOME | none"})
  void interpolation(String text, String value, String unset) {
    Interpolation.Result r = Interpolation.resolve(text, Map.of("A", "1", "B", "2"));
    assertEquals(value, r.value());
    assertEquals(unset == null ? List.of() : List.of(unset), r.unset());
  }

  @ParameterizedTest
  @CsvSource({"${HOME}, ${HOME}", "a${env:A}b${env:}, ${env:}", "${env:A, ${env:A"})
  void malformedReferences(String text, String malformed) {
    assertEquals(Optional.of(malformed), Interpolation.resolve(text, Map.of("A", "1")).malformed());
  }

  @ParameterizedTest
  @CsvSource({
      "build.acme.example, true", "localhost, true", "192.0.2.1, true", "[2001:db8::1], true", "2001:db8::1, true",
      "256.1.1.1, false", "a_b.example, false", "-bad.example, false", "'', false", "a b, false", "[nope], false"})
  void hosts(String host, boolean ok) {
    assertEquals(ok, Hosts.isValid(host));
  }
}
