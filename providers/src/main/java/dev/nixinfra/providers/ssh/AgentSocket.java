package dev.nixinfra.providers.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * ssh-agent support over the agent's unix socket with Java's own unix domain sockets (Java 16+), instead of
 * MINA's {@code agent.unix} classes, which need the native Tomcat APR library. Client side only: the keys the
 * agent holds are offered for authentication; agent forwarding to the remote host is not offered.
 */
final class AgentSocket implements SshAgentFactory {
  private final Path socket;

  AgentSocket(Path socket) {
    this.socket = socket;
  }

  @Override
  public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
    return List.of();
  }

  @Override
  public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot reach the ssh-agent at " + socket + " (SSH_AUTH_SOCK): " + e.getMessage(), e);
    }
    return new Proxy(channel);
  }

  @Override
  public SshAgentServer createServer(ConnectionService service) {
    throw new UnsupportedOperationException("nixinfra does not forward the ssh-agent");
  }

  /** One request at a time over one socket connection, as the agent protocol expects. */
  private static final class Proxy extends AbstractAgentProxy {
    private final SocketChannel channel;

    Proxy(SocketChannel channel) {
      super(null);
      this.channel = channel;
    }

    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
      // The buffer already starts with the length of the message (see AbstractAgentProxy.prepare).
      ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteBuffer len = ByteBuffer.allocate(4);
      readFully(len);
      int n = len.flip().getInt();
      if (n <= 0 || n > 256 * 1024) {
        throw new IOException("the ssh-agent sent an answer of " + n + " bytes");
      }
      ByteBuffer body = ByteBuffer.allocate(n);
      readFully(body);
      return new ByteArrayBuffer(body.array());
    }

    private void readFully(ByteBuffer b) throws IOException {
      while (b.hasRemaining()) {
        if (channel.read(b) < 0) {
          throw new IOException("the ssh-agent closed the connection");
        }
      }
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        channel.close();
      }
    }
  }
}
