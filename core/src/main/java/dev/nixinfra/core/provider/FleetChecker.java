package dev.nixinfra.core.provider;

import dev.nixinfra.core.check.StepResult;
import dev.nixinfra.core.model.ResourceState;
import java.util.List;

/**
 * Checks, from a client, that builds really offload to one builder: ssh as root, the store, a probe build. A
 * provider that configures clients implements it. Causes are diagnosed in plain words (untrusted build user, host
 * key, socket permissions, missing features) with the fix. Every remote call has a timeout.
 */
public interface FleetChecker {
  /**
   * @param client the client's state, as applied
   * @param clientKey the state of the key the client logs in with
   * @param builder the builder's state, as applied
   * @return one result per {@link dev.nixinfra.core.check.CheckStep}, in order
   */
  List<StepResult> check(ResourceState client, ResourceState clientKey, ResourceState builder,
      OperationContext context);
}
