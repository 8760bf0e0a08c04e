package dev.nixinfra.providers.host;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.Connection;
import java.util.TreeMap;

/**
 * In-memory hosts by name, as the nix provider reaches them: {@code connect} finds the host named by the resource's
 * {@code host}; {@code reconnect} (the fresh login after a switch) is refused by a host that a switch locked out.
 */
final class FakeHosts extends TreeMap<String, FakeHost> implements HostAccess {
  @Override
  public Connection connect(Address address, Attributes attributes) throws ProviderException {
    FakeHost h = get(attributes.string("host").orElseThrow());
    if (h == null) {
      throw new ProviderException(address + ": no such host");
    }
    return h;
  }

  @Override
  public Connection reconnect(Address address, Attributes attributes) throws ProviderException {
    FakeHost h = (FakeHost) connect(address, attributes);
    if (h.lockedOutBySwitch && h.switches > 0) {
      throw new ProviderException(h.name + ": Connection refused");
    }
    return h;
  }
}
