package dev.nixinfra.providers.hcloud;

import static dev.nixinfra.core.model.ResourceTypes.HCLOUD_SERVER;
import static dev.nixinfra.core.model.ResourceTypes.HCLOUD_SSH_KEY;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.plan.Action;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.core.provider.RefreshRequest;
import dev.nixinfra.core.provider.RefreshResult;
import dev.nixinfra.providers.hcloud.api.HcloudApi;
import dev.nixinfra.providers.hcloud.api.HcloudException;
import dev.nixinfra.providers.hcloud.api.Server;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hetzner Cloud servers ({@code hcloud_server}) and the stack's SSH key ({@code hcloud_ssh_key}).
 *
 * <p>Refresh answers every server from one labelled listing ({@code nixinfra/stack=<stack>}, 50 per page), never
 * one request per server; a server that carries the stack's labels but is missing from state is adopted for its
 * builder, and one whose builder is not configured is reported as unmanaged. Without an API token it plans from
 * state alone and says so, and apply refuses before changing anything.
 */
public final class HcloudProvider implements Provider {
  private final Optional<HcloudApi> api;
  /** Servers as last listed, by id: review() warns from them about protected servers without another request. */
  private final Map<Long, Server> seen = new ConcurrentHashMap<>();

  /** @param api empty when no token is configured */
  public HcloudProvider(Optional<HcloudApi> api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "hcloud";
  }

  @Override
  public Optional<Diagnostic> readiness() {
    return api.isPresent() ? Optional.empty() : Optional.of(noToken());
  }

  static Diagnostic noToken() {
    return Diagnostic.error("the Hetzner Cloud API token is not set",
        "Create a read/write API token in the Hetzner Cloud Console (project > Security > API tokens), then "
            + "export HCLOUD_TOKEN=... (or set hetzner.token: ${env:HCLOUD_TOKEN} in nixinfra.yaml) and run again.");
  }

  private HcloudApi api() throws ProviderException {
    return api.orElseThrow(() -> new ProviderException(noToken().summary() + ": " + noToken().detail()));
  }

  /** Reads one object by its id; refresh normally answers from the labelled listing instead. */
  @Override
  public Optional<ResourceState> read(ResourceState prior, OperationContext context) throws ProviderException {
    try {
      return switch (prior.address().type()) {
        case HCLOUD_SERVER -> api().getServer(Long.parseLong(prior.id())).map(s -> ServerAttributes.state(
            prior.address(), s, Optional.of(prior.attributes()), prior.dependencies()));
        case HCLOUD_SSH_KEY -> api().findSshKeyByFingerprint(prior.attributes().string("fingerprint").orElse(""))
            .map(k -> KeyOperations.state(prior.address(), k, prior.attributes(), prior.dependencies()));
        default -> throw new ProviderException("the hcloud provider does not manage " + prior.address());
      };
    } catch (HcloudException e) {
      throw failure(e);
    }
  }

  @Override
  public RefreshResult refresh(RefreshRequest request, OperationContext context) throws ProviderException {
    if (api.isEmpty()) {
      Map<Address, Optional<ResourceState>> unchanged = new java.util.HashMap<>();
      request.priors().forEach(p -> unchanged.put(p.address(), Optional.of(p)));
      return new RefreshResult(unchanged, Map.of(), List.of(), List.of(Diagnostic.warning(
          "the Hetzner Cloud was not consulted: no API token",
          "Resources in state keep their recorded values, and servers a previous run may have created are not "
              + "looked for. Set HCLOUD_TOKEN to plan against the real cloud.")));
    }
    try {
      return new Refresh(api.get(), seen).run(request);
    } catch (HcloudException e) {
      throw failure(e);
    }
  }

  @Override
  public List<Diagnostic> validate(List<ResourceConfig> desired, OperationContext context) throws ProviderException {
    if (api.isEmpty()) {
      return List.of();
    }
    try {
      return new CatalogueCheck(api.get()).check(
          desired.stream().filter(rc -> rc.address().type().equals(HCLOUD_SERVER)).toList());
    } catch (HcloudException e) {
      throw failure(e);
    }
  }

  @Override
  public List<Diagnostic> review(Change change) {
    if (!change.address().type().equals(HCLOUD_SERVER)
        || (change.action() != Action.DELETE && change.action() != Action.REPLACE)) {
      return List.of();
    }
    Optional<Server> s = change.before().flatMap(b -> b.integer("id")).map(seen::get);
    if (s.isPresent() && s.get().deleteProtection()) {
      boolean rebuild = s.get().rebuildProtection();
      return List.of(Diagnostic.warning("server " + s.get().name() + " (id " + s.get().id()
          + ") has delete " + (rebuild ? "and rebuild " : "") + "protection, so " + change.address()
          + " cannot be " + (change.action() == Action.DELETE ? "deleted" : "replaced") + " until it is lifted",
          "Lift it in the Hetzner Cloud Console or with 'hcloud server disable-protection " + s.get().id()
              + (rebuild ? " delete rebuild" : " delete") + "' before you apply; the apply stops at this "
              + "server otherwise.").about(change.address().toString()));
    }
    return List.of();
  }

  @Override
  public ResourceState apply(ApplyRequest request, OperationContext context) throws ProviderException {
    try {
      return switch (request.address().type()) {
        case HCLOUD_SERVER -> new ServerOperations(api(), context).apply(request);
        case HCLOUD_SSH_KEY -> new KeyOperations(api(), context).apply(request);
        default -> throw new ProviderException("the hcloud provider does not manage " + request.address());
      };
    } catch (HcloudException e) {
      throw failure(e);
    }
  }

  @Override
  public void delete(ResourceState prior, OperationContext context) throws ProviderException {
    try {
      switch (prior.address().type()) {
        case HCLOUD_SERVER -> new ServerOperations(api(), context).delete(prior);
        case HCLOUD_SSH_KEY -> api().deleteSshKey(Long.parseLong(prior.id()));
        default -> throw new ProviderException("the hcloud provider does not manage " + prior.address());
      }
    } catch (HcloudException e) {
      throw failure(e);
    }
  }

  /** The API's sentence, with what to do about it where the code says more than the message. */
  static ProviderException failure(HcloudException e) {
    String advice = switch (e.code()) {
      case "unauthorized" -> "; the token is wrong or was deleted: create a read/write API token in the Hetzner "
          + "Cloud Console (project > Security > API tokens) and set HCLOUD_TOKEN to it";
      case "token_readonly" -> "; the token may only read: create a read/write API token for the project";
      case "resource_limit_exceeded" -> "; the project reached one of its limits (servers, cores): delete what "
          + "it no longer needs or ask Hetzner to raise the limit (Console > Limits)";
      default -> "";
    };
    return new ProviderException(e.getMessage() + advice, e);
  }

  /** The planned value of a string attribute, for {@link KeyOperations} and {@link ServerOperations}. */
  static String string(Attributes a, String name) throws ProviderException {
    return a.string(name).orElseThrow(() -> new ProviderException("planned value of " + name + " is missing"));
  }

  /** The planned labels, as the API takes them. */
  static Map<String, String> labels(Attributes a) {
    Map<String, String> out = new java.util.TreeMap<>();
    if (a.values().get("labels") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }
}
