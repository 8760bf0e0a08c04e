package dev.nixinfra.providers.hcloud.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link FakeHcloud#main(String[])}: the fake as a separate process. Arguments (all optional): {@code --port N}
 * (0: ephemeral), {@code --token T}, {@code --latency-ms N}, {@code --action-polls N}, {@code --action-ms N},
 * {@code --rate-limit N}, {@code --page-size-cap N}, {@code --seed-servers N --stack S} with
 * {@code --seed-type} (cx22), {@code --seed-location} (nbg1), {@code --seed-image} (ubuntu-24.04).
 *
 * <p>Protocol on stdout: first {@code listening <port>}, then {@code token <token>}. The fake runs until stdin
 * reaches EOF; then it prints one {@code requests <METHOD> <path> <count>} line per method and path (path relative
 * to /v1, in order of first arrival), stops and exits 0. Bad arguments print {@code error ...} and exit 2.
 */
final class ProcessMode {
  private ProcessMode() {}

  static int run(String[] args, InputStream in, PrintStream out) throws IOException {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        out.println("error bad argument " + args[i]);
        return 2;
      }
      a.put(args[i].substring(2), args[++i]);
    }
    Options.Builder b = Options.builder();
    try {
      if (a.containsKey("token")) {
        b.token(a.get("token"));
      }
      b.port(num(a, "port", 0)).latency(Duration.ofMillis(num(a, "latency-ms", 0)))
          .actionPolls(num(a, "action-polls", 1)).rateLimit(num(a, "rate-limit", 3600))
          .pageSizeCap(num(a, "page-size-cap", 50));
      if (a.containsKey("action-ms")) {
        b.actionDuration(Duration.ofMillis(num(a, "action-ms", 0)));
      }
    } catch (IllegalArgumentException e) {
      out.println("error " + e.getMessage());
      return 2;
    }
    try (FakeHcloud fake = FakeHcloud.start(b.build())) {
      int seed = num(a, "seed-servers", 0);
      if (seed > 0) {
        fake.seedServers(a.getOrDefault("stack", "default"), seed, a.getOrDefault("seed-type", "cx22"),
            a.getOrDefault("seed-location", "nbg1"), a.getOrDefault("seed-image", "ubuntu-24.04"));
      }
      out.println("listening " + fake.port());
      out.println("token " + fake.token());
      out.flush();
      byte[] buf = new byte[1024];
      while (in.read(buf) >= 0) {
        // stdin carries nothing; its EOF is the signal to stop
      }
      Map<String, Long> counts = new LinkedHashMap<>();
      for (RecordedRequest r : fake.requests()) {
        counts.merge(r.method() + " " + r.path(), 1L, Long::sum);
      }
      counts.forEach((k, v) -> out.println("requests " + k + " " + v));
      out.flush();
    }
    return 0;
  }

  private static int num(Map<String, String> a, String key, int fallback) {
    String v = a.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " wants a number, not " + v);
    }
  }
}
