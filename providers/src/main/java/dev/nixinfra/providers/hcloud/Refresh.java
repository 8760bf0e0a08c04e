package dev.nixinfra.providers.hcloud;

import static dev.nixinfra.core.model.ResourceTypes.HCLOUD_SERVER;
import static dev.nixinfra.core.model.ResourceTypes.HCLOUD_SSH_KEY;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.provider.RefreshRequest;
import dev.nixinfra.core.provider.RefreshResult;
import dev.nixinfra.providers.hcloud.api.HcloudApi;
import dev.nixinfra.providers.hcloud.api.HcloudException;
import dev.nixinfra.providers.hcloud.api.Server;
import dev.nixinfra.providers.hcloud.api.SshKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One refresh of a stack: a single labelled listing of servers (one request per 50) and, when the stack's key is
 * involved, of SSH keys. Each recorded object is matched by id; desired objects missing from state are matched by
 * their labels and adopted; whatever carries the stack's label and matches nothing is unmanaged.
 */
final class Refresh {
  private final HcloudApi api;
  private final Map<Long, Server> seen;

  Refresh(HcloudApi api, Map<Long, Server> seen) {
    this.api = api;
    this.seen = seen;
  }

  RefreshResult run(RefreshRequest request) throws HcloudException {
    String selector = Labels.selector(request.stack());
    Map<Long, Server> servers = new LinkedHashMap<>();
    api.listServers(selector).forEach(s -> servers.put(s.id(), s));
    seen.putAll(servers);
    boolean keysInvolved = request.priors().stream().anyMatch(p -> p.address().type().equals(HCLOUD_SSH_KEY))
        || request.missing().stream().anyMatch(m -> m.address().type().equals(HCLOUD_SSH_KEY));
    Map<Long, SshKey> keys = new LinkedHashMap<>();
    if (keysInvolved) {
      api.listSshKeys(selector).forEach(k -> keys.put(k.id(), k));
    }

    Set<Long> claimed = new HashSet<>();
    Map<Address, Optional<ResourceState>> current = new HashMap<>();
    for (ResourceState prior : request.priors()) {
      long id = Long.parseLong(prior.id());
      claimed.add(id);
      current.put(prior.address(), prior.address().type().equals(HCLOUD_SERVER)
          ? server(prior, servers.get(id), id)
          : key(prior, keys.get(id)));
    }

    Map<Address, ResourceState> adopted = new HashMap<>();
    for (ResourceConfig want : request.missing()) {
      Optional<ResourceState> found = want.address().type().equals(HCLOUD_SERVER)
          ? adoptServer(want, servers, keys, claimed)
          : adoptKey(want, keys, claimed);
      found.ifPresent(f -> {
        adopted.put(want.address(), f);
        claimed.add(Long.parseLong(f.id()));
      });
    }
    return new RefreshResult(current, adopted, unmanaged(servers, keys, claimed, request), List.of());
  }

  /** A recorded server, from the listing; one whose labels were removed by hand is fetched by id. */
  private Optional<ResourceState> server(ResourceState prior, Server listed, long id) throws HcloudException {
    Optional<Server> s = listed != null ? Optional.of(listed) : api.getServer(id);
    s.ifPresent(x -> seen.put(x.id(), x));
    return s.map(x -> ServerAttributes.state(prior.address(), x, Optional.of(prior.attributes()),
        prior.dependencies()));
  }

  private Optional<ResourceState> key(ResourceState prior, SshKey listed) throws HcloudException {
    Optional<SshKey> k = listed != null ? Optional.of(listed)
        : api.findSshKeyByFingerprint(prior.attributes().string("fingerprint").orElse(""));
    return k.map(x -> KeyOperations.state(prior.address(), x, prior.attributes(), prior.dependencies()));
  }

  /**
   * The server a previous run created for this builder: it carries the builder's label. The API does not say
   * which keys a server was created with; nixinfra creates every server with the stack's key, so that is
   * recorded.
   */
  private static Optional<ResourceState> adoptServer(ResourceConfig want, Map<Long, Server> servers,
      Map<Long, SshKey> keys, Set<Long> claimed) {
    String name = want.attributes().string("name").orElse("");
    return servers.values().stream()
        .filter(s -> !claimed.contains(s.id()))
        .filter(s -> Labels.builder(s.labels()).filter(want.address().name()::equals).isPresent())
        .sorted((a, b) -> Boolean.compare(!a.name().equals(name), !b.name().equals(name)))
        .findFirst()
        .map(s -> {
          Attributes recorded = want.attributes().with("ssh_keys", keys.keySet().stream().limit(1)
              .map(id -> (Object) id).toList());
          return ServerAttributes.state(want.address(), s, Optional.of(recorded), want.dependsOn());
        });
  }

  private static Optional<ResourceState> adoptKey(ResourceConfig want, Map<Long, SshKey> keys, Set<Long> claimed) {
    String name = want.attributes().string("name").orElse("");
    return keys.values().stream()
        .filter(k -> !claimed.contains(k.id()))
        .sorted((a, b) -> Boolean.compare(!a.name().equals(name), !b.name().equals(name)))
        .findFirst()
        .map(k -> KeyOperations.state(want.address(), k, want.attributes(), want.dependsOn()));
  }

  /**
   * Everything of the stack that nothing claimed, at the address it would have. A second server for a builder
   * that already has one gets its id in the name, so it can never be mistaken for the builder's.
   */
  private static List<ResourceState> unmanaged(Map<Long, Server> servers, Map<Long, SshKey> keys,
      Set<Long> claimed, RefreshRequest request) {
    Set<Address> taken = new HashSet<>();
    request.priors().forEach(p -> taken.add(p.address()));
    request.missing().forEach(m -> taken.add(m.address()));
    List<ResourceState> out = new ArrayList<>();
    for (Server s : servers.values()) {
      if (!claimed.contains(s.id())) {
        Address a = new Address(HCLOUD_SERVER, Labels.builder(s.labels()).orElse("server"));
        if (taken.contains(a) || !Address.isValidName(a.name())) {
          a = new Address(HCLOUD_SERVER, a.name() + "-" + s.id());
        }
        taken.add(a);
        out.add(ServerAttributes.state(a, s, Optional.empty(), Set.of()));
      }
    }
    for (SshKey k : keys.values()) {
      if (!claimed.contains(k.id())) {
        Address a = new Address(HCLOUD_SSH_KEY, "key-" + k.id());
        out.add(KeyOperations.state(a, k, Attributes.EMPTY, Set.of()));
      }
    }
    return out;
  }
}
