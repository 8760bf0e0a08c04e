package dev.nixinfra.core.provider;

import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceState;
import java.util.List;

/**
 * What one provider refreshes in one plan.
 *
 * @param priors the resources of its types in state: read each, empty when gone
 * @param missing the desired resources of its types that state lacks: a provider that can find objects it made
 *     without being told their id (cloud labels) reports them as adopted, so a run that died between creating an
 *     object and recording it never makes a second one
 * @param stack the stack name, by which a provider recognises its objects
 */
public record RefreshRequest(List<ResourceState> priors, List<ResourceConfig> missing, String stack) {
  public RefreshRequest {
    priors = List.copyOf(priors);
    missing = List.copyOf(missing);
    java.util.Objects.requireNonNull(stack, "stack");
  }
}
