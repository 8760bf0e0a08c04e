package dev.nixinfra.core.plan;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.core.provider.Providers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the real objects behind the resources in state, one bulk read per provider, and reports what changed
 * outside nixinfra. Only resources already in state are ever contacted.
 */
final class Refresher {
  private final Providers providers;

  Refresher(Providers providers) {
    this.providers = providers;
  }

  record Result(State refreshed, List<Drift> drift, List<Diagnostic> diagnostics) {}

  /**
   * @param scope the addresses to refresh; others are kept as recorded
   * @return the refreshed state with the same lineage and serial (refresh is not a write)
   */
  Result refresh(State prior, Set<Address> scope, OperationContext context) {
    Map<Provider, List<ResourceState>> byProvider = new LinkedHashMap<>();
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (ResourceState r : prior.resources().values()) {
      if (!scope.contains(r.address())) {
        continue;
      }
      Optional<Provider> p = providers.forType(r.address().type());
      if (p.isEmpty()) {
        diagnostics.add(Diagnostic.warning(
            "could not refresh " + r.address() + ": " + Providers.missingMessage(r.address().type()),
            "The plan uses the values recorded in state for it.").about(r.address().toString()));
        continue;
      }
      byProvider.computeIfAbsent(p.get(), k -> new ArrayList<>()).add(r);
    }
    TreeMap<Address, ResourceState> resources = new TreeMap<>(prior.resources());
    List<Drift> drift = new ArrayList<>();
    for (Map.Entry<Provider, List<ResourceState>> e : byProvider.entrySet()) {
      List<ResourceState> priors = e.getValue();
      Map<Address, Optional<ResourceState>> read;
      try {
        read = e.getKey().readAll(priors, context.forResource(priors.get(0).address()));
      } catch (ProviderException ex) {
        diagnostics.add(Diagnostic.error(
            "refreshing " + describe(priors) + " failed: " + ex.getMessage(),
            "Fix the cause and plan again, or plan with --refresh=false to use the values recorded in state."));
        continue;
      }
      for (ResourceState p : priors) {
        Optional<ResourceState> now = read.getOrDefault(p.address(), Optional.of(p));
        if (now.isEmpty()) {
          resources.remove(p.address());
          drift.add(new Drift(p.address(), p.attributes(), Optional.empty()));
        } else {
          ResourceState n = now.get();
          if (!n.address().equals(p.address())) {
            throw new IllegalStateException(e.getKey().name() + " provider read " + p.address()
                + " but returned " + n.address() + "; this is a bug in the provider");
          }
          if (!n.attributes().equals(p.attributes())) {
            drift.add(new Drift(p.address(), p.attributes(), Optional.of(n.attributes())));
          }
          resources.put(p.address(), n);
        }
      }
    }
    return new Result(new State(prior.lineage(), prior.serial(), resources), drift, diagnostics);
  }

  private static String describe(List<ResourceState> rs) {
    return rs.size() == 1 ? rs.get(0).address().toString() : rs.size() + " resources";
  }
}
