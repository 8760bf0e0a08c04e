package dev.nixinfra.providers.bootstrap;

import dev.nixinfra.providers.ssh.CommandResult;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.HostKeyPolicy;
import dev.nixinfra.providers.ssh.LineSink;
import dev.nixinfra.providers.ssh.RemoteCommandException;
import dev.nixinfra.providers.ssh.SshSettings;
import dev.nixinfra.providers.ssh.SshTarget;
import dev.nixinfra.providers.ssh.SshTransport;
import dev.nixinfra.providers.ssh.SshTransportException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The production {@link BootstrapAccess}: every {@link #open} starts its own {@link SshTransport} (the run's
 * shared transport keeps connections per host, and one from before a reboot must not be reused), with the
 * transport's own retries turned off because {@link Bootstrap} waits for the reboot itself. Closing the connection
 * stops that transport.
 */
public final class SshBootstrapAccess implements BootstrapAccess {
  private final SshSettings settings;

  /** @param settings identity, SSH client configuration, agent and timeouts; their retry deadline is ignored */
  public SshBootstrapAccess(SshSettings settings) {
    Objects.requireNonNull(settings, "settings");
    this.settings = settings.withRetry(Duration.ZERO, settings.retryInterval());
  }

  @Override
  public Connection open(String host, int port, HostKeyPolicy policy) throws SshTransportException {
    SshTransport transport = new SshTransport(settings);
    try {
      return new Owned(transport.connect(new SshTarget(host, port, Optional.of("root"), policy)), transport);
    } catch (SshTransportException | RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  /** A connection that stops its own transport when closed. */
  private record Owned(Connection delegate, SshTransport transport) implements Connection {
    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public CommandResult run(String command, Duration timeout, LineSink out)
        throws RemoteCommandException, SshTransportException {
      return delegate.run(command, timeout, out);
    }

    @Override
    public Optional<String> readFile(String path, Duration timeout)
        throws RemoteCommandException, SshTransportException {
      return delegate.readFile(path, timeout);
    }

    @Override
    public void writeFileAtomically(String path, String content, String mode, Duration timeout)
        throws RemoteCommandException, SshTransportException {
      delegate.writeFileAtomically(path, content, mode, timeout);
    }

    @Override
    public Optional<String> hostKey() {
      return delegate.hostKey();
    }

    @Override
    public void close() {
      transport.close();
    }
  }
}
