package dev.nixinfra.core.plan;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.provider.RefreshRequest;
import dev.nixinfra.core.provider.RefreshResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the real objects behind the resources in state, one refresh per provider, and reports what changed
 * outside nixinfra. Resources not in state are never contacted; a provider may still recognise objects it made
 * for them (by cloud labels) and report them as adopted, or report objects of this stack nothing asks for.
 */
final class Refresher {
  private final Providers providers;

  Refresher(Providers providers) {
    this.providers = providers;
  }

  /**
   * @param refreshed the state with the same lineage and serial (refresh is not a write)
   * @param unmanaged objects of this stack that nothing configures or records
   */
  record Result(State refreshed, List<Drift> drift, Set<Address> adopted, List<ResourceState> unmanaged,
      List<Diagnostic> diagnostics) {}

  static Result none(State prior) {
    return new Result(prior, List.of(), Set.of(), List.of(), List.of());
  }

  /** @param scope the addresses to refresh; others are kept as recorded */
  Result refresh(State prior, Desired desired, Set<Address> scope, OperationContext context) {
    Map<Provider, List<ResourceState>> priors = new LinkedHashMap<>();
    Map<Provider, List<ResourceConfig>> missing = new LinkedHashMap<>();
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (ResourceState r : prior.resources().values()) {
      if (scope.contains(r.address())) {
        providerFor(r.address(), diagnostics).ifPresent(p -> priors.computeIfAbsent(p, k -> new ArrayList<>()).add(r));
      }
    }
    for (ResourceConfig rc : desired.resources().values()) {
      if (scope.contains(rc.address()) && !prior.resources().containsKey(rc.address())) {
        providers.forType(rc.address().type())
            .ifPresent(p -> missing.computeIfAbsent(p, k -> new ArrayList<>()).add(rc));
      }
    }
    Set<Provider> involved = new java.util.LinkedHashSet<>(priors.keySet());
    involved.addAll(missing.keySet());

    TreeMap<Address, ResourceState> resources = new TreeMap<>(prior.resources());
    List<Drift> drift = new ArrayList<>();
    Set<Address> adopted = new TreeSet<>();
    List<ResourceState> unmanaged = new ArrayList<>();
    for (Provider p : involved) {
      List<ResourceState> ps = priors.getOrDefault(p, List.of());
      List<ResourceConfig> ms = missing.getOrDefault(p, List.of());
      RefreshResult found;
      try {
        Address first = ps.isEmpty() ? ms.get(0).address() : ps.get(0).address();
        found = p.refresh(new RefreshRequest(ps, ms, desired.stack()), context.forResource(first));
      } catch (ProviderException ex) {
        diagnostics.add(Diagnostic.error("refreshing " + describe(ps, ms) + " failed: " + ex.getMessage(),
            "Fix the cause and plan again, or plan with --refresh=false to use the values recorded in state."));
        continue;
      }
      diagnostics.addAll(found.diagnostics());
      for (ResourceState r : ps) {
        Optional<ResourceState> now = found.current().getOrDefault(r.address(), Optional.of(r));
        if (now.isEmpty()) {
          resources.remove(r.address());
          drift.add(new Drift(r.address(), r.attributes(), Optional.empty()));
        } else {
          checkSameAddress(p, r.address(), now.get());
          if (!now.get().attributes().equals(r.attributes())) {
            drift.add(new Drift(r.address(), r.attributes(), Optional.of(now.get().attributes())));
          }
          resources.put(r.address(), now.get());
        }
      }
      for (ResourceConfig rc : ms) {
        ResourceState a = found.adopted().get(rc.address());
        if (a != null) {
          checkSameAddress(p, rc.address(), a);
          resources.put(rc.address(), new ResourceState(a.address(), a.id(), a.attributes(), false,
              rc.dependsOn()));
          adopted.add(rc.address());
        }
      }
      for (ResourceState u : found.unmanaged()) {
        if (!desired.resources().containsKey(u.address()) && !prior.resources().containsKey(u.address())) {
          unmanaged.add(u);
        }
      }
    }
    return new Result(new State(prior.lineage(), prior.serial(), resources), drift, adopted, unmanaged,
        diagnostics);
  }

  private Optional<Provider> providerFor(Address a, List<Diagnostic> diagnostics) {
    Optional<Provider> p = providers.forType(a.type());
    if (p.isEmpty()) {
      diagnostics.add(Diagnostic.warning(
          "could not refresh " + a + ": " + Providers.missingMessage(a.type()),
          "The plan uses the values recorded in state for it.").about(a.toString()));
    }
    return p;
  }

  private static void checkSameAddress(Provider p, Address asked, ResourceState got) {
    if (!got.address().equals(asked)) {
      throw new IllegalStateException(p.name() + " provider was asked about " + asked + " but answered about "
          + got.address() + "; this is a bug in the provider");
    }
  }

  private static String describe(List<ResourceState> ps, List<ResourceConfig> ms) {
    int n = ps.size() + ms.size();
    if (n == 1) {
      return ps.isEmpty() ? ms.get(0).address().toString() : ps.get(0).address().toString();
    }
    return n + " resources";
  }
}
