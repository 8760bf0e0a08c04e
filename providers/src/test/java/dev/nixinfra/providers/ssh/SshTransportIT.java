package dev.nixinfra.providers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport against an embedded MINA SSH server on 127.0.0.1 that runs commands with /bin/sh -c. */
class SshTransportIT {
  static final Duration T = Duration.ofSeconds(10);
  static KeyPair hostKey;
  static KeyPair otherHostKey;
  static KeyPair user;
  static KeyPair rsaUser;

  @TempDir Path dir;
  TestSshd sshd;
  SshTransport transport;
  Path identity;

  @BeforeAll
  static void keys() throws Exception {
    hostKey = TestKeys.ed25519();
    otherHostKey = TestKeys.ed25519();
    user = TestKeys.ed25519();
    rsaUser = TestKeys.rsa();
  }

  @BeforeEach
  void start() throws Exception {
    sshd = TestSshd.start(hostKey, user.getPublic(), rsaUser.getPublic());
    identity = TestKeys.write(user, dir.resolve("id_ed25519"), null);
    transport = new SshTransport(settings());
  }

  @AfterEach
  void stop() throws Exception {
    transport.close();
    sshd.close();
  }

  SshSettings settings() {
    return SshSettings.identityOnly(identity).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
        .withRetry(Duration.ofSeconds(1), Duration.ofMillis(200));
  }

  SshTarget pinned() {
    return SshTarget.pinned("127.0.0.1", sshd.port(), "root", sshd.hostKeyLine());
  }

  @Test
  void runStreamsLinesAsTheyArrive() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    CommandResult r = transport.connect(pinned()).run("echo one; echo two >&2; printf 'three\\nfour'", T,
        (stream, line) -> lines.add(stream + " " + line));
    assertEquals(0, r.exitStatus());
    assertEquals("one\nthree\nfour", r.stdout());
    assertEquals("two\n", r.stderr());
    assertTrue(lines.containsAll(List.of("STDOUT one", "STDERR two", "STDOUT three", "STDOUT four")), lines::toString);
    assertEquals(List.of("STDOUT one", "STDOUT three", "STDOUT four"),
        lines.stream().filter(l -> l.startsWith("STDOUT")).toList());
  }

  @Test
  void failureCarriesExitStatusAndLastStderrLines() throws Exception {
    Connection c = transport.connect(pinned());
    RemoteCommandException e = assertThrows(RemoteCommandException.class, () -> c.run(
        "for i in $(seq 1 30); do echo err$i >&2; done; exit 3", T, LineSink.discard()));
    assertEquals(3, e.exitStatus());
    assertFalse(e.timedOut());
    assertEquals(20, e.stderrTail().size());
    assertEquals("err11", e.stderrTail().get(0));
    assertEquals("err30", e.stderrTail().get(19));
    assertTrue(e.getMessage().contains("failed with exit status 3"), e.getMessage());
    assertTrue(e.getMessage().contains("err30"), e.getMessage());
  }

  @Test
  void timeoutKillsTheCommandAndSaysSo() throws Exception {
    Connection c = transport.connect(pinned());
    long start = System.nanoTime();
    RemoteCommandException e = assertThrows(RemoteCommandException.class,
        () -> c.run("echo started >&2; sleep 30", Duration.ofMillis(700), LineSink.discard()));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    assertTrue(e.timedOut());
    assertTrue(e.getMessage().contains("did not finish in time"), e.getMessage());
    assertEquals(List.of("started"), e.stderrTail());
    // The connection stays usable after a killed command.
    assertEquals("ok\n", c.run("echo ok", T, LineSink.discard()).stdout());
  }

  @Test
  void writesAndReadsFilesAtomically() throws Exception {
    Connection c = transport.connect(pinned());
    Path file = dir.resolve("sub dir").resolve("nix.conf");
    Files.createDirectories(file.getParent());
    String content = "it's \"quoted\" $HOME `date` \\n\nsecond line ünïcødé ✓\n' ; rm -rf / ;'\n\n";
    assertEquals(Optional.empty(), c.readFile(file.toString(), T));
    c.writeFileAtomically(file.toString(), content, "0640", T);
    assertEquals(content, Files.readString(file));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(Optional.of(content), c.readFile(file.toString(), T));
    c.writeFileAtomically(file.toString(), "", "644", T);
    assertEquals(Optional.of(""), c.readFile(file.toString(), T));
    try (var files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void writingIntoAMissingDirectoryFailsClearly() throws Exception {
    Connection c = transport.connect(pinned());
    RemoteCommandException e = assertThrows(RemoteCommandException.class,
        () -> c.writeFileAtomically(dir.resolve("missing/x").toString(), "x", "0644", T));
    assertTrue(e.exitStatus() > 0);
    assertFalse(e.stderrTail().isEmpty());
  }

  @Test
  void oneSessionPerHostIsReused() throws Exception {
    Connection first = transport.connect(pinned());
    first.run("true", T, LineSink.discard());
    first.readFile("/etc/hostname", T);
    Connection again = transport.connect(pinned());
    assertSame(first, again);
    again.writeFileAtomically(dir.resolve("f").toString(), "x", "0600", T);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Connection>> parallel = pool.invokeAll(List.of(() -> transport.connect(pinned()),
          () -> transport.connect(pinned()), () -> transport.connect(pinned())));
      for (Future<Connection> f : parallel) {
        assertSame(first, f.get());
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(1, sshd.sessions.get());
    assertEquals(1, transport.openConnections());
    assertEquals(3, sshd.commands.size());
  }

  @Test
  void reconnectLogsInAgainAndKeepsThePreviousConnectionUsable() throws Exception {
    Connection first = transport.connect(pinned());
    first.run("true", T, LineSink.discard());
    Connection fresh = transport.reconnect(pinned());
    assertFalse(first == fresh);
    assertEquals(2, sshd.sessions.get());
    assertEquals("ok\n", fresh.run("echo ok", T, LineSink.discard()).stdout());
    assertEquals("old\n", first.run("echo old", T, LineSink.discard()).stdout());
    assertSame(fresh, transport.connect(pinned()));
    transport.close();
    assertEquals(0, transport.openConnections());
    assertThrows(IllegalStateException.class, () -> transport.reconnect(pinned()));
  }

  @Test
  void aDeadSessionIsReplaced() throws Exception {
    Connection first = transport.connect(pinned());
    sshd.server.getActiveSessions().forEach(s -> s.close(true));
    Thread.sleep(200);
    Connection second = transport.connect(pinned());
    assertEquals("ok\n", second.run("echo ok", T, LineSink.discard()).stdout());
    assertEquals(2, sshd.sessions.get());
    assertFalse(first == second);
  }

  @Test
  void pinnedHostKeyIsAccepted() throws Exception {
    Connection c = transport.connect(pinned());
    assertEquals(Optional.of(sshd.hostKeyLine()), c.hostKey());
  }

  @Test
  void changedHostKeyIsRefusedWithAClearMessageAndNothingRuns() throws Exception {
    String expected = HostKeys.toLine(otherHostKey.getPublic());
    SshTarget target = SshTarget.pinned("127.0.0.1", sshd.port(), "root", expected);
    HostKeyRejectedException e = assertThrows(HostKeyRejectedException.class, () -> transport.connect(target));
    String m = e.getMessage();
    assertTrue(m.startsWith("127.0.0.1 (127.0.0.1:" + sshd.port() + ") offered a different host key"), m);
    assertTrue(m.contains("expected " + HostKeys.fingerprint(expected)), m);
    assertTrue(m.contains("offered " + HostKeys.fingerprint(sshd.hostKeyLine())), m);
    assertTrue(m.contains("host_key"), m);
    assertTrue(m.contains("did not connect"), m);
    assertEquals(Optional.of(expected), e.expected());
    assertEquals(sshd.hostKeyLine(), e.offered());
    assertEquals(List.of(), sshd.commands);
    assertEquals(0, transport.openConnections());
  }

  @Test
  void knownHostsEntryIsAccepted() throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, "other.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoMe7FC/I7Stf5r9kR1guDImNw9PCXtVmq66RsVwaa4\n"
        + "[127.0.0.1]:" + sshd.port() + " " + sshd.hostKeyLine() + "\n");
    SshTarget target = new SshTarget("127.0.0.1", sshd.port(), Optional.of("root"),
        new HostKeyPolicy.KnownHosts(knownHosts));
    assertEquals("ok\n", transport.connect(target).run("echo ok", T, LineSink.discard()).stdout());
  }

  @Test
  void knownHostsWithoutEntryIsRefusedAndNotWritten() throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, "other.example " + sshd.hostKeyLine() + "\n");
    SshTarget target = new SshTarget("127.0.0.1", sshd.port(), Optional.of("root"),
        new HostKeyPolicy.KnownHosts(knownHosts));
    HostKeyRejectedException e = assertThrows(HostKeyRejectedException.class, () -> transport.connect(target));
    assertTrue(e.getMessage().contains("has no entry for [127.0.0.1]:" + sshd.port()), e.getMessage());
    assertTrue(e.getMessage().contains(HostKeys.fingerprint(sshd.hostKeyLine())), e.getMessage());
    assertEquals("other.example " + sshd.hostKeyLine() + "\n", Files.readString(knownHosts));
    assertEquals(List.of(), sshd.commands);
  }

  @Test
  void knownHostsWithChangedKeyIsRefusedWithTheFix() throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    String old = HostKeys.toLine(otherHostKey.getPublic());
    Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.port() + " " + old + "\n");
    SshTarget target = new SshTarget("127.0.0.1", sshd.port(), Optional.of("root"),
        new HostKeyPolicy.KnownHosts(knownHosts));
    HostKeyRejectedException e = assertThrows(HostKeyRejectedException.class, () -> transport.connect(target));
    String m = e.getMessage();
    assertTrue(m.contains("expected " + HostKeys.fingerprint(old)), m);
    assertTrue(m.contains("offered " + HostKeys.fingerprint(sshd.hostKeyLine())), m);
    assertTrue(m.contains("ssh-keygen -R '[127.0.0.1]:" + sshd.port() + "'"), m);
    assertEquals("[127.0.0.1]:" + sshd.port() + " " + old + "\n", Files.readString(knownHosts));
    assertEquals(List.of(), sshd.commands);
  }

  @Test
  void trustOnFirstUseReturnsTheKeyToPin() throws Exception {
    SshTarget target = new SshTarget("127.0.0.1", sshd.port(), Optional.of("root"),
        new HostKeyPolicy.TrustOnFirstUse());
    Connection c = transport.connect(target);
    assertEquals(Optional.of(sshd.hostKeyLine()), c.hostKey());
    // The key returned pins the next connection.
    SshTarget next = SshTarget.pinned("127.0.0.1", sshd.port(), "root", c.hostKey().orElseThrow());
    assertEquals("ok\n", transport.connect(next).run("echo ok", T, LineSink.discard()).stdout());
  }

  @Test
  void retriesUntilTheServerListens() throws Exception {
    int port = TestSshd.freePort();
    Thread starter = new Thread(() -> {
      try {
        Thread.sleep(1500);
        TestSshd late = TestSshd.startOn(port, hostKey, user.getPublic());
        lateServers.add(late);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    starter.start();
    try (SshTransport patient = new SshTransport(settings().withRetry(Duration.ofSeconds(15),
        Duration.ofMillis(300)))) {
      long start = System.nanoTime();
      Connection c = patient.connect(SshTarget.pinned("127.0.0.1", port, "root", sshd.hostKeyLine()));
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1400));
      assertEquals("ok\n", c.run("echo ok", T, LineSink.discard()).stdout());
    } finally {
      starter.join();
      for (TestSshd s : lateServers) {
        s.close();
      }
    }
  }

  static final List<TestSshd> lateServers = new CopyOnWriteArrayList<>();

  @Test
  void givesUpAfterTheDeadlineWithAClearMessage() throws Exception {
    int port = TestSshd.freePort();
    long start = System.nanoTime();
    SshTransportException e = assertThrows(SshTransportException.class,
        () -> transport.connect(SshTarget.pinned("127.0.0.1", port, "root", sshd.hostKeyLine())));
    long took = System.nanoTime() - start;
    assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(700) && took < TimeUnit.SECONDS.toNanos(5), "took " + took);
    String m = e.getMessage();
    assertTrue(m.contains("connection refused at 127.0.0.1:" + port), m);
    assertTrue(m.contains("gave up after"), m);
    assertTrue(m.contains("sshd listens on port " + port), m);
  }

  @Test
  void sshConfigAliasGivesHostPortUserAndIdentityFile() throws Exception {
    Path rsa = TestKeys.write(rsaUser, dir.resolve("id_rsa"), null);
    Path config = dir.resolve("config");
    Files.writeString(config, "Host builder1\n  HostName 127.0.0.1\n  Port " + sshd.port() + "\n  User nixbuild\n"
        + "  IdentityFile " + rsa + "\n\nHost *\n  User someone-else\n");
    SshSettings s = new SshSettings(Optional.empty(), Optional.of(config), Optional.empty(), Duration.ofSeconds(5),
        Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(200));
    List<String> users = new CopyOnWriteArrayList<>();
    sshd.server.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
      @Override
      public void sessionEvent(org.apache.sshd.common.session.Session session, Event event) {
        if (event == Event.Authenticated) {
          users.add(session.getUsername());
        }
      }
    });
    try (SshTransport t = new SshTransport(s)) {
      Connection c = t.connect(new SshTarget("builder1", 0, Optional.empty(),
          new HostKeyPolicy.Pinned(sshd.hostKeyLine())));
      assertEquals("builder1 (127.0.0.1)", c.name());
      assertEquals("ok\n", c.run("echo ok", T, LineSink.discard()).stdout());
    }
    assertEquals(List.of("nixbuild"), users);
  }

  @Test
  void refusedAuthenticationSaysWhichKeysWereTried() throws Exception {
    try (TestSshd strict = TestSshd.start(hostKey, rsaUser.getPublic())) {
      SshTransportException e = assertThrows(SshTransportException.class, () -> transport.connect(
          SshTarget.pinned("127.0.0.1", strict.port(), "root", strict.hostKeyLine())));
      assertFalse(e instanceof HostKeyRejectedException);
      assertTrue(e.getMessage().contains("refused authentication as root with ssh.identity " + identity),
          e.getMessage());
      assertEquals(List.of(), strict.commands);
    }
  }
}
