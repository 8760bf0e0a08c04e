package dev.nixinfra.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.plan.Action;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyProgressRendererTest {
  static final Address ARM1 = Address.parse("builder.arm1");
  static final Address KEY = Address.parse("hcloud_ssh_key.admin");

  final StringWriter text = new StringWriter();
  final ApplyProgressRenderer r = new ApplyProgressRenderer(new PrintWriter(text), Style.PLAIN);

  @Test
  void lifecycleLines() {
    r.starting(ARM1, Action.CREATE);
    r.stillRunning(ARM1, Action.CREATE, Duration.ofSeconds(20));
    r.output(ARM1, "copying path '/nix/store/abc-nix-2.28.3'\nbuilding...\n");
    r.finished(ARM1, Action.CREATE, Duration.ofMillis(21_400), "10.77.250.7");
    r.starting(ARM1, Action.UPDATE);
    r.finished(ARM1, Action.UPDATE, Duration.ofSeconds(65), "10.77.250.7");
    r.starting(KEY, Action.DELETE);
    r.stillRunning(KEY, Action.DELETE, Duration.ofSeconds(10));
    r.finished(KEY, Action.DELETE, Duration.ofSeconds(2), "101");
    r.complete(1, 1, 1, false);
    assertEquals("""
        builder.arm1: Creating...
        builder.arm1: Still creating... [20s elapsed]
        builder.arm1: copying path '/nix/store/abc-nix-2.28.3'
        builder.arm1: building...
        builder.arm1: Creation complete after 21s [id=10.77.250.7]
        builder.arm1: Modifying...
        builder.arm1: Modifications complete after 1m5s [id=10.77.250.7]
        hcloud_ssh_key.admin: Destroying...
        hcloud_ssh_key.admin: Still destroying... [10s elapsed]
        hcloud_ssh_key.admin: Destruction complete after 2s

        Apply complete! Resources: 1 added, 1 changed, 1 destroyed.
        """, text.toString());
  }

  @Test
  void failureSkipAndDestroySummary() {
    r.failed(ARM1, Action.CREATE, "ssh: connect to host 10.77.250.7 port 22: Connection refused\nafter 3 tries");
    r.skipped(Address.parse("client.laptop"), ARM1);
    r.complete(0, 0, 3, true);
    assertEquals("""
        Error: builder.arm1: creation failed: ssh: connect to host 10.77.250.7 port 22: Connection refused
          after 3 tries
        client.laptop: Skipped because builder.arm1 failed

        Destroy complete! Resources: 3 destroyed.
        """, text.toString());
  }

  @Test
  void durations() {
    assertEquals("0s", ApplyProgressRenderer.duration(Duration.ofMillis(999)));
    assertEquals("59s", ApplyProgressRenderer.duration(Duration.ofSeconds(59)));
    assertEquals("1m0s", ApplyProgressRenderer.duration(Duration.ofSeconds(60)));
    assertEquals("1h0m3s", ApplyProgressRenderer.duration(Duration.ofSeconds(3603)));
    assertEquals("0s", ApplyProgressRenderer.duration(Duration.ofSeconds(-5)));
  }

  @Test
  void noOpIsNotAnApplyAction() {
    assertThrows(IllegalArgumentException.class, () -> r.starting(ARM1, Action.NO_OP));
  }

  @Test
  void colourMarksErrorsAndSummary() {
    StringWriter s = new StringWriter();
    ApplyProgressRenderer c = new ApplyProgressRenderer(new PrintWriter(s), Style.ANSI);
    c.failed(ARM1, Action.DELETE, "boom");
    c.complete(1, 0, 0, false);
    assertTrue(s.toString().startsWith("\u001b[1;31mError:\u001b[0m builder.arm1: destruction failed: boom\n"));
    assertTrue(s.toString().contains("\u001b[1;32mApply complete!\u001b[0m Resources: 1 added"));
  }

  @Test
  void parallelWritersNeverInterleaveWithinALine() throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Address a = Address.parse("builder.b" + t);
      threads.add(new Thread(() -> {
        for (int i = 0; i < 200; i++) {
          r.output(a, "line " + i);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    List<String> lines = text.toString().lines().toList();
    assertEquals(1600, lines.size());
    assertTrue(lines.stream().allMatch(l -> l.matches("builder\\.b[0-7]: line \\d+")));
  }
}
