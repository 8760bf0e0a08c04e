package dev.nixinfra.providers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication with a key that only the ssh-agent holds (an OpenSSH ssh-agent, skipped where none is installed). */
class AgentIT {
  @TempDir Path dir;

  @Test
  void authenticatesWithTheAgentsKey() throws Exception {
    boolean installed = Files.isExecutable(Path.of("/usr/bin/ssh-agent"))
        && Files.isExecutable(Path.of("/usr/bin/ssh-add"));
    // Under CI a missing prerequisite is a failure, never a silent skip (.ci/run installs openssh-client).
    assertTrue(installed || !"true".equals(System.getenv("CI")), "CI must have OpenSSH's ssh-agent and ssh-add");
    assumeTrue(installed, "OpenSSH's ssh-agent is not installed (apt-get install openssh-client)");
    KeyPair user = TestKeys.ed25519();
    Path key = TestKeys.write(user, dir.resolve("agent_key"), null);
    Path socket = dir.resolve("agent.sock");
    Process agent = new ProcessBuilder("/usr/bin/ssh-agent", "-D", "-a", socket.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
    try {
      for (int i = 0; i < 50 && !Files.exists(socket); i++) {
        Thread.sleep(100);
      }
      ProcessBuilder addKey = new ProcessBuilder("/usr/bin/ssh-add", key.toString()).redirectErrorStream(true);
      addKey.environment().put("SSH_AUTH_SOCK", socket.toString());
      Process add = addKey.start();
      add.getInputStream().readAllBytes();
      assertEquals(0, add.waitFor());
      try (TestSshd sshd = TestSshd.start(TestKeys.ed25519(), user.getPublic());
          SshTransport t = new SshTransport(new SshSettings(Optional.empty(), Optional.empty(), Optional.of(socket),
              Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(200)))) {
        Connection c = t.connect(SshTarget.pinned("127.0.0.1", sshd.port(), "root", sshd.hostKeyLine()));
        assertEquals("ok\n", c.run("echo ok", Duration.ofSeconds(10), LineSink.discard()).stdout());
      }
    } finally {
      agent.destroy();
      agent.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
