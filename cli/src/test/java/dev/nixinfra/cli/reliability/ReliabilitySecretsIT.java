package dev.nixinfra.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.cli.e2e.NixinfraProcess;
import dev.nixinfra.providers.hcloud.fake.FakeHcloud;
import dev.nixinfra.providers.hcloud.fake.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets: a whole life of a stack (plan, apply, show, state list and show, plan --out and apply PLANFILE, destroy)
 * with a recognizable API token and a real private key as {@code ssh.identity}. Contract: neither the token nor
 * any line of the private key's material appears in any file nixinfra wrote (state, history, saved plans, run
 * logs) nor in anything it printed.
 */
class ReliabilitySecretsIT {
  private static final String TOKEN = "hcsecret-RELIABILITY-0123456789abcdefABCDEF0123456789abcdefABCDEF01";
  /** Files the user wrote, which naturally hold the secrets (the key) or a reference to them (the config). */
  private static final Set<String> USER_FILES = Set.of("nixinfra.yaml", "id_ed25519", "id_ed25519.pub");

  @TempDir Path dir;

  @Test
  void noSecretReachesAnyFileOrOutput() throws Exception {
    List<NixinfraProcess.Result> outputs = new ArrayList<>();
    Fleet fleet = Fleet.write(dir.resolve("secrets"), "secrets", 2);
    try (FakeHcloud cloud = FakeHcloud.start(Options.builder().token(TOKEN).latency(Duration.ofMillis(20))
        .actionPolls(1).build())) {
      Map<String, String> env = Map.of("HCLOUD_TOKEN", TOKEN, "HCLOUD_ENDPOINT", cloud.endpoint().toString());
      String key = "hcloud_ssh_key." + fleet.stack();
      outputs.add(ok(fleet, env, fleet.targeted("plan")));
      outputs.add(ok(fleet, env, fleet.targeted("apply", "--auto-approve")));
      outputs.add(ok(fleet, env, "show"));
      outputs.add(ok(fleet, env, "show", "--json"));
      outputs.add(ok(fleet, env, "state", "list"));
      outputs.add(ok(fleet, env, "state", "show", "hcloud_server.b1"));
      outputs.add(ok(fleet, env, "state", "show", key));
      Path config = fleet.dir().resolve("nixinfra.yaml");
      Files.writeString(config, Files.readString(config).replaceFirst("cax11", "cax21"));
      outputs.add(ok(fleet, env, fleet.targeted("plan", "--out", "resize.plan")));
      outputs.add(ok(fleet, env, "show", "resize.plan"));
      outputs.add(ok(fleet, env, "show", "--json", "resize.plan"));
      outputs.add(ok(fleet, env, "apply", "resize.plan"));
      outputs.add(ok(fleet, env, fleet.targeted("plan", "--out", "teardown.plan", "--json")));
      outputs.add(ok(fleet, env, "destroy", "--auto-approve"));
      assertEquals(List.of(), cloud.servers(), "destroyed");
    }

    List<String> secrets = new ArrayList<>(List.of(TOKEN));
    Files.readAllLines(fleet.dir().resolve("id_ed25519")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("-----")).forEach(secrets::add);
    assertTrue(secrets.size() >= 4, "the key has material lines: " + secrets.size());

    Map<String, Integer> scanned = new TreeMap<>();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(fleet.dir())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = fleet.dir().relativize(f).toString();
        if (USER_FILES.contains(rel)) {
          continue;
        }
        scanned.merge(category(rel), 1, Integer::sum);
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        secrets.stream().filter(text::contains).forEach(s -> found.add(rel + " holds " + redact(s)));
      }
    }
    for (NixinfraProcess.Result r : outputs) {
      secrets.stream().filter(s -> r.out().contains(s) || r.err().contains(s))
          .forEach(s -> found.add("output holds " + redact(s)));
    }
    Report.record("secrets", outputs.size() + " runs, files scanned " + scanned + ", secrets looked for "
        + secrets.size() + " (the token and " + (secrets.size() - 1) + " lines of the private key), found "
        + found.size());
    assertTrue(scanned.getOrDefault("logs", 0) >= 3 && scanned.getOrDefault("history", 0) >= 3
        && scanned.getOrDefault("plans", 0) == 2 && scanned.getOrDefault("state", 0) == 1,
        "every kind of file was there to scan: " + scanned);
    assertEquals(List.of(), found);
  }

  private static NixinfraProcess.Result ok(Fleet fleet, Map<String, String> env, String... args) throws Exception {
    NixinfraProcess.Result r = Cli.run(fleet.dir(), env, args);
    assertEquals(0, r.exit(), String.join(" ", args) + ": " + r);
    return r;
  }

  private static String category(String rel) {
    if (rel.startsWith(".nixinfra/logs/")) {
      return "logs";
    }
    if (rel.startsWith(".nixinfra/history/")) {
      return "history";
    }
    if (rel.endsWith(".plan")) {
      return "plans";
    }
    return rel.equals(".nixinfra/state.json") ? "state" : "other";
  }

  /** Enough of a secret to tell which one it was, not enough to be one. */
  private static String redact(String secret) {
    return secret.substring(0, Math.min(6, secret.length())) + "…";
  }
}
