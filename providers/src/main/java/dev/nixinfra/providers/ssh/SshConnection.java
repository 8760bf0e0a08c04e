package dev.nixinfra.providers.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.future.CancelOption;

/**
 * One authenticated SSH session to one host; each command is an exec channel on it. Owned and closed by
 * {@link SshTransport}, which replaces it when the session dies.
 */
final class SshConnection extends AbstractConnection {
  private final String name;
  private final ClientSession session;
  private final String hostKey;

  SshConnection(String name, ClientSession session) {
    this.name = name;
    this.session = session;
    this.hostKey = HostKeys.toLine(session.getServerKey());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<String> hostKey() {
    return Optional.of(hostKey);
  }

  boolean isOpen() {
    return session.isOpen() && !session.isClosing();
  }

  ClientSession session() {
    return session;
  }

  /** Does nothing: the transport shares this connection and closes it in {@link SshTransport#close()}. */
  @Override
  public void close() {}

  void closeSession() {
    session.close(false);
  }

  @Override
  Outcome exec(String command, byte[] stdin, Duration timeout, LineSink out) throws SshTransportException {
    LineCollector stdout = new LineCollector(out, LineSink.Stream.STDOUT);
    LineCollector stderr = new LineCollector(out, LineSink.Stream.STDERR);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (ChannelExec channel = session.createExecChannel(command)) {
      // MINA pumps this stream to the command and sends EOF at its end, so commands reading stdin finish.
      channel.setIn(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin));
      channel.setOut(stdout);
      channel.setErr(stderr);
      channel.open().verify(timeout, CancelOption.CANCEL_ON_TIMEOUT);
      Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
      Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), left);
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        // Closing the channel makes sshd hang up the command's session, which ends it.
        channel.close(true);
        stdout.close();
        stderr.close();
        return new Outcome(-1, true, null, stdout, stderr);
      }
      stdout.close();
      stderr.close();
      Integer status = channel.getExitStatus();
      if (status == null && channel.getExitSignal() == null && !isOpen()) {
        throw new SshTransportException(name + ": the SSH connection was lost while running '" + command + "'");
      }
      return new Outcome(status == null ? -1 : status, false, channel.getExitSignal(), stdout, stderr);
    } catch (IOException e) {
      throw new SshTransportException(name + ": cannot run a command over SSH: " + e.getMessage(), e);
    }
  }
}
