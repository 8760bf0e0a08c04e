package dev.nixinfra.core.provider;

import dev.nixinfra.core.model.ResourceState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies resources of some types to the real world. The core decides what to do (create, update, replace,
 * delete); a provider only reads, applies and deletes. Implementations must be safe for concurrent calls on
 * different resources, and every remote call they make has a timeout.
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
   * Makes the real object match {@code request.planned()}: creates it when there is no prior, otherwise updates
   * it in place. Returns what now exists; every attribute planned as known must come back with that value.
   */
  ResourceState apply(ApplyRequest request, OperationContext context) throws ProviderException;

  /** Deletes the real object; succeeds when it is already gone. */
  void delete(ResourceState prior, OperationContext context) throws ProviderException;
}
