package dev.nixinfra.providers.bootstrap;

import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.HostKeyPolicy;
import dev.nixinfra.providers.ssh.SshTransportException;

/**
 * Opens SSH connections as root for a bootstrap; tests inject fakes. Each call makes one fresh connection and
 * tries once: the bootstrap does its own waiting around the reboot, and a connection from before the reboot must
 * never be reused after it. The caller closes what it gets.
 */
@FunctionalInterface
public interface BootstrapAccess {
  /**
   * @throws dev.nixinfra.providers.ssh.HostKeyRejectedException when the host key does not pass {@code policy}
   * @throws SshTransportException when the host cannot be reached or refuses the login
   */
  Connection open(String host, int port, HostKeyPolicy policy) throws SshTransportException;
}
