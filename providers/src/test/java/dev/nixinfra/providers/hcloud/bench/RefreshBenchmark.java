package dev.nixinfra.providers.hcloud.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports API requests and wall time per refresh for 10, 100 and 500 servers, as a Markdown table. Run with
 * {@code mvn -B -ntp -pl providers -am -Pbench verify}; the report goes to the path given (by default
 * {@code target/bench/hcloud-refresh.md}). Time depends on the machine; the request counts do not, and
 * {@code RefreshRequestsIT} holds them in the test suite.
 */
public final class RefreshBenchmark {
  private static final int[] SIZES = {10, 100, 500};
  private static final Duration LATENCY = Duration.ofMillis(25);
  private static final int RUNS = 3;

  private RefreshBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path report = Path.of(args.length > 0 ? args[0] : "target/bench/hcloud-refresh.md");
    RefreshMeasurement.of(10, Duration.ZERO); // warm-up: class loading and the JIT, not measured
    List<String> rows = new ArrayList<>();
    for (int servers : SIZES) {
      List<Long> times = new ArrayList<>();
      RefreshMeasurement m = null;
      for (int run = 0; run < RUNS; run++) {
        m = RefreshMeasurement.of(servers, LATENCY);
        times.add(m.millis());
      }
      times.sort(Long::compare);
      rows.add("| " + servers + " | " + m.listCalls() + " | " + m.otherCalls() + " | " + m.total() + " | "
          + times.get(RUNS / 2) + " |");
      System.out.println(rows.get(rows.size() - 1));
    }
    String text = "# Hetzner refresh: API requests per plan\n\n"
        + "Measured " + LocalDate.now() + " with `mvn -B -ntp -pl providers -am -Pbench verify` on "
        + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version")
        + ". The real provider and HTTP client plan a stack whose servers all exist, against the fake API with "
        + LATENCY.toMillis() + " ms per request (about the round trip to Hetzner from central Europe). "
        + "Time is the median of " + RUNS + " plans.\n\n"
        + "| servers | server listing requests | other requests | total | plan time (ms) |\n"
        + "|---:|---:|---:|---:|---:|\n"
        + String.join("\n", rows) + "\n\n"
        + "The listing asks for 50 servers per page with the stack's label selector, so 10, 100 and 500 servers "
        + "take 1, 2 and 10 requests and no server is read on its own. The other requests are constant: the "
        + "stack's SSH key and the catalogue (server types, locations, images) that every plan checks.\n";
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, text);
    System.out.println("report: " + report.toAbsolutePath());
  }
}
