package dev.nixinfra.providers.host;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.Connection;

/**
 * Opens the {@link Connection} to the host of a resource, from its attributes: {@code host} ({@code local} for this
 * machine), {@code port} and {@code host_key}. The caller does not close it: connections are shared per host for
 * the whole run and closed by whoever owns the transport. Implementations are thread-safe.
 */
public interface HostAccess {
  /**
   * @param address the resource, for messages
   * @param attributes holds {@code host} as a known string; {@code port} (default 22) and {@code host_key}
   *     (pinned when present) are used when there
   * @throws ProviderException when the host cannot be reached, refuses the login, or offers another host key
   */
  Connection connect(Address address, Attributes attributes) throws ProviderException;

  /**
   * A new connection to the same host, never a cached one, to prove the host still accepts nixinfra's login
   * after a change that could lock it out ({@code nixos-rebuild switch}). Connections obtained earlier stay
   * usable. The default suits hosts that cannot lock nixinfra out (this machine).
   *
   * @throws ProviderException when the host cannot be reached or refuses the login within the connect deadline
   */
  default Connection reconnect(Address address, Attributes attributes) throws ProviderException {
    return connect(address, attributes);
  }
}
