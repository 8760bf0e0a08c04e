package dev.nixinfra.core.provider;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.ResourceState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a refresh found.
 *
 * @param current an entry per prior: the object as it is now, or empty when it is gone
 * @param adopted objects found for {@link RefreshRequest#missing()} resources, by their address
 * @param unmanaged objects that carry this stack's marks but match no desired resource and nothing in state;
 *     each has the address it would have, so that {@code --prune} can delete it
 * @param diagnostics warnings, such as that the cloud could not be consulted without a token
 */
public record RefreshResult(Map<Address, Optional<ResourceState>> current, Map<Address, ResourceState> adopted,
    List<ResourceState> unmanaged, List<Diagnostic> diagnostics) {
  public RefreshResult {
    current = Map.copyOf(current);
    adopted = Map.copyOf(adopted);
    unmanaged = List.copyOf(unmanaged);
    diagnostics = List.copyOf(diagnostics);
  }

  public static RefreshResult of(Map<Address, Optional<ResourceState>> current) {
    return new RefreshResult(current, Map.of(), List.of(), List.of());
  }
}
