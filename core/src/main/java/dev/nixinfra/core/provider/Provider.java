package dev.nixinfra.core.provider;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.plan.Change;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies resources of some types to the real world. The core decides what to do (create, update, replace,
 * delete); a provider only reads, plans (completes planned values), applies and deletes. Implementations must be
 * safe for concurrent calls on different resources, and every remote call they make has a timeout.
 */
public interface Provider {
  /** The name resource types refer to in {@link dev.nixinfra.core.model.ResourceType#provider()}. */
  String name();

  /**
   * Reads the real object behind {@code prior}. Empty when it no longer exists. The result keeps the address,
   * id and dependencies of {@code prior} unless the object really changed identity.
   */
  Optional<ResourceState> read(ResourceState prior, OperationContext context) throws ProviderException;

  /**
   * Reads many objects at once. Providers that can list in bulk (one API call per page instead of one per
   * object) override this; the default reads them one by one.
   *
   * @return an entry for every prior, keyed by the prior's address
   */
  default Map<dev.nixinfra.core.model.Address, Optional<ResourceState>> readAll(
      List<ResourceState> priors, OperationContext context) throws ProviderException {
    Map<dev.nixinfra.core.model.Address, Optional<ResourceState>> out = new LinkedHashMap<>();
    for (ResourceState p : priors) {
      out.put(p.address(), read(p, context.forResource(p.address())));
    }
    return out;
  }

  /**
   * Refreshes everything of this provider's in one go. The default reads the priors with {@link #readAll} and
   * adopts nothing; a cloud provider overrides it to answer from one labelled listing.
   */
  default RefreshResult refresh(RefreshRequest request, OperationContext context) throws ProviderException {
    return RefreshResult.of(request.priors().isEmpty() ? Map.of() : readAll(request.priors(), context));
  }

  /**
   * Checks desired resources against what only the provider can know, such as a cloud's catalogue. Called while
   * planning with refresh on; errors stop the plan and should carry the configuration's location.
   */
  default List<Diagnostic> validate(List<ResourceConfig> desired, OperationContext context)
      throws ProviderException {
    return List.of();
  }

  /**
   * Completes the planned values with what only the provider can work out before apply, such as the files it will
   * write ({@code files}: absolute path to the text nixinfra owns there). Works from the request alone, without
   * contacting anything: refresh has read what was needed. Values derived from unknown inputs are left unknown.
   * The core then diffs the result against the refreshed state and decides the action. The default changes
   * nothing.
   */
  default Attributes plan(PlanRequest request) throws ProviderException {
    return request.proposed();
  }

  /** Warnings about a planned change that only the provider can see, such as a protected server to delete. */
  default List<Diagnostic> review(Change change) {
    return List.of();
  }

  /**
   * What stops this provider from applying anything now, such as a missing API token; checked before apply asks
   * for confirmation, so the user learns it before anything is changed.
   */
  default Optional<Diagnostic> readiness() {
    return Optional.empty();
  }

  /**
   * Makes the real object match {@code request.planned()}: creates it when there is no prior, otherwise updates
   * it in place. Returns what now exists; every attribute planned as known must come back with that value.
   */
  ResourceState apply(ApplyRequest request, OperationContext context) throws ProviderException;

  /** Deletes the real object; succeeds when it is already gone. */
  void delete(ResourceState prior, OperationContext context) throws ProviderException;
}
