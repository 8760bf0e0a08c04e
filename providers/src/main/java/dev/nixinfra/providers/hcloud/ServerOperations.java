package dev.nixinfra.providers.hcloud;

import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.hcloud.api.CreateServer;
import dev.nixinfra.providers.hcloud.api.HcloudApi;
import dev.nixinfra.providers.hcloud.api.HcloudException;
import dev.nixinfra.providers.hcloud.api.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Creating, changing and deleting one server, saying what happens as it goes. */
final class ServerOperations {
  private final HcloudApi api;
  private final OperationContext context;

  ServerOperations(HcloudApi api, OperationContext context) {
    this.api = api;
    this.context = context;
  }

  ResourceState apply(ApplyRequest request) throws ProviderException, HcloudException {
    Attributes planned = request.planned();
    Server s;
    if (request.prior().isEmpty()) {
      s = api.createServer(new CreateServer(HcloudProvider.string(planned, "name"),
          HcloudProvider.string(planned, "server_type"), HcloudProvider.string(planned, "image"),
          HcloudProvider.string(planned, "location"), sshKeys(planned), HcloudProvider.labels(planned)));
      context.say("server " + s.name() + " is running (id " + s.id() + ", " + s.ipv4().orElse("no IPv4") + ")");
    } else {
      s = update(request.prior().get(), planned);
    }
    return ServerAttributes.state(request.address(), s, Optional.of(planned), request.dependencies());
  }

  private Server update(ResourceState prior, Attributes planned) throws ProviderException, HcloudException {
    long id = Long.parseLong(prior.id());
    Attributes before = prior.attributes();
    Server s = null;
    String type = HcloudProvider.string(planned, "server_type");
    if (!Objects.equals(before.string("server_type").orElse(""), type)) {
      context.say("changing the server type to " + type + ": the server shuts down, changes and powers on");
      s = api.changeServerType(id, type);
    }
    String name = HcloudProvider.string(planned, "name");
    if (!Objects.equals(before.get("name"), planned.get("name"))
        || !Objects.equals(before.get("labels"), planned.get("labels"))) {
      s = api.updateServer(id, name, HcloudProvider.labels(planned));
    }
    if (s == null) {
      s = api.getServer(id).orElseThrow(() -> new ProviderException("server " + name + " (id " + id
          + ") no longer exists; run plan again to create it"));
    }
    return s;
  }

  void delete(ResourceState prior) throws ProviderException, HcloudException {
    long id = Long.parseLong(prior.id());
    Optional<Server> s = api.getServer(id);
    if (s.isEmpty()) {
      context.say("server " + id + " was already deleted");
      return;
    }
    if (s.get().deleteProtection()) {
      throw new ProviderException("server " + s.get().name() + " (id " + id + ") has delete protection; lift it "
          + "in the Hetzner Cloud Console or with 'hcloud server disable-protection " + id + " delete', then "
          + "apply again");
    }
    api.deleteServer(id);
  }

  private static List<Long> sshKeys(Attributes planned) throws ProviderException {
    List<Long> ids = new ArrayList<>();
    if (planned.values().get("ssh_keys") instanceof List<?> l) {
      for (Object o : l) {
        if (!(o instanceof Long id)) {
          throw new ProviderException("planned SSH key id " + o + " is not a number");
        }
        ids.add(id);
      }
    }
    return ids;
  }
}
