package dev.nixinfra.providers.hcloud.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The benchmark's request counts, which do not depend on the machine: one listing request per 50 servers. */
class RefreshRequestsIT {
  @ParameterizedTest
  @CsvSource({"10, 1", "100, 2", "500, 10"})
  void oneListingRequestPerFiftyServersAndAConstantRest(int servers, long listCalls) {
    RefreshMeasurement m = RefreshMeasurement.of(servers, Duration.ZERO);
    assertEquals(listCalls, m.listCalls());
    assertEquals(RefreshMeasurement.of(1, Duration.ZERO).otherCalls(), m.otherCalls(), "constant overhead");
  }
}
