package dev.nixinfra.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.cli.e2e.NixinfraProcess;
import dev.nixinfra.providers.ssh.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input: every file of the corpus ({@link BadInput}) given to the packaged CLI. Contract: exit 1; an error that
 * names the file, with line and column where the format has them; never a stack trace or a Java class name; the
 * state file byte-identical and no file added, removed or changed in the working folder. No token is set, so
 * nothing can reach a network either.
 */
class ReliabilityBadInputIT {
  /** Signs of an exception that escaped: a stack frame, an exception's or a library's class name. */
  private static final Pattern LEAK = Pattern.compile(
      "\\tat |Exception|Error:\\s*java|java\\.[a-z]+\\.|com\\.fasterxml|org\\.yaml|snakeyaml|picocli\\.");
  private static final Pattern CONFIG_LOCATED = Pattern.compile("nixinfra\\.yaml:\\d+:\\d+");
  private static final Pattern JSON_LOCATED = Pattern.compile("line \\d+, column \\d+");

  @TempDir Path dir;

  @Test
  void everyBrokenInputIsALocatedErrorAndChangesNothing() throws Exception {
    List<BadInput> corpus = BadInput.all();
    assertTrue(corpus.size() >= 50, "a corpus of at least 50 inputs: " + corpus.size());
    Path publicKey = dir.resolve("key.pub");
    Files.writeString(publicKey, PublicKeyEntry.toString(TestKeys.ed25519().getPublic()) + " test\n");

    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<String>> results = new ArrayList<>();
    for (BadInput input : corpus) {
      results.add(pool.submit(() -> check(input, publicKey)));
    }
    pool.shutdown();
    List<String> failures = new ArrayList<>();
    for (Future<String> f : results) {
      String problems = f.get(5, TimeUnit.MINUTES);
      if (!problems.isEmpty()) {
        failures.add(problems);
      }
    }
    Report.record("bad-input", corpus.size() + " broken inputs (" + count(corpus, "config") + " configurations, "
        + count(corpus, "state") + " state files, " + count(corpus, "plan") + " saved plans), "
        + corpus.stream().mapToInt(i -> i.commands().size()).sum() + " runs, " + failures.size()
        + " inputs with a problem");
    assertEquals(List.of(), failures);
  }

  private static long count(List<BadInput> corpus, String kind) {
    return corpus.stream().filter(i -> i.kind().equals(kind)).count();
  }

  /** Runs every command for one input; returns what is wrong, or "" when nothing is. */
  private String check(BadInput input, Path publicKey) throws Exception {
    Path work = dir.resolve(input.kind() + "-" + input.file().getFileName());
    input.setUp(work, publicKey);
    StringBuilder problems = new StringBuilder();
    for (List<String> command : input.commands()) {
      Map<String, String> before = BadInput.snapshot(work);
      NixinfraProcess.Result r = Cli.run(work, Map.of(), command.toArray(String[]::new));
      String all = r.out() + r.err();
      List<String> wrong = new ArrayList<>();
      if (r.exit() != 1) {
        wrong.add("exit " + r.exit());
      }
      if (LEAK.matcher(all).find()) {
        wrong.add("a stack trace or class name");
      }
      if (!located(input, r.err())) {
        wrong.add("no located error");
      }
      if (!before.equals(BadInput.snapshot(work))) {
        wrong.add("files changed: " + before + " -> " + BadInput.snapshot(work));
      }
      if (!wrong.isEmpty()) {
        problems.append(input.name() + " " + command + ": " + wrong + "\n  " + r.err().strip() + "\n");
      }
      if (Boolean.getBoolean("reliability.show")) {
        System.out.println("[" + input.name() + " " + command.get(0) + "] " + r.err().strip());
      }
    }
    return problems.toString();
  }

  /**
   * Names the broken file, with line and column where the format can say them: not for binary files (no lines),
   * nor for a well-formed plan that does not fit, which is about the whole plan (the message says "saved plan").
   */
  private static boolean located(BadInput input, String err) {
    String name = input.file().getFileName().toString();
    return switch (input.kind()) {
      case "config" -> input.binary() ? err.contains("nixinfra.yaml") : CONFIG_LOCATED.matcher(err).find();
      case "state" -> err.contains("state.json") && (input.binary() || JSON_LOCATED.matcher(err).find());
      default -> input.mismatch() ? err.contains("saved plan")
          : err.contains(name) && (input.binary() || JSON_LOCATED.matcher(err).find());
    };
  }
}
