package dev.nixinfra.core.plan;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.graph.DependencyGraph;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.Ref;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.ResourceType;
import dev.nixinfra.core.model.ResourceTypes;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.PlanRequest;
import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.core.provider.Providers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Makes plans: refreshes what is in state, then diffs the desired resources against it. Has no effects but the
 * providers' reads during refresh; a resource that is not in state is never contacted.
 */
public final class Planner {
  private final Providers providers;

  public Planner(Providers providers) {
    this.providers = providers;
  }

  public PlanOutcome plan(Desired desired, State prior, PlanOptions options, OperationContext context) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    DependencyGraph graph = DependencyGraph.of(desired.dependencies());
    Optional<List<Address>> cycle = graph.findCycle();
    if (cycle.isPresent()) {
      diagnostics.add(Diagnostic.error("the resources depend on each other in a cycle: "
          + cycle.get().stream().map(Address::toString).collect(Collectors.joining(" -> ")),
          "Remove one of these dependencies."));
      return new PlanOutcome(Optional.empty(), diagnostics);
    }
    checkAddresses(desired, prior, options, diagnostics);
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
      return new PlanOutcome(Optional.empty(), diagnostics);
    }
    SortedSet<Address> scope = scope(desired, prior, graph, options);
    Set<Address> unmanagedTargets = unknownTargets(desired, prior, options);
    if (!options.targets().isEmpty()) {
      diagnostics.add(Diagnostic.warning("resource targeting is in effect",
          "The plan may not cover every change the configuration asks for. Use --target only for exceptional "
              + "cases, and plan without it afterwards."));
    }

    // Objects only refresh finds (unmanaged ones named by --prune --target) need the whole stack looked at.
    Refresher.Result refresh = options.refresh()
        ? new Refresher(providers).refresh(prior, desired,
            unmanagedTargets.isEmpty() ? scope : scope(desired, prior, graph, PlanOptions.defaults()), context)
        : Refresher.none(prior);
    diagnostics.addAll(refresh.diagnostics());
    Set<Address> unmanaged = refresh.unmanaged().stream().map(ResourceState::address)
        .collect(Collectors.toSet());
    for (Address t : unmanagedTargets) {
      if (!unmanaged.contains(t)) {
        diagnostics.add(Diagnostic.error("--target " + t + " names no resource in the configuration, in state "
            + "or among the unmanaged objects refresh found", knownList(new TreeSet<>(unmanaged))));
      }
    }
    // After a failed refresh the providers are likely unreachable: asking them again only repeats the error.
    if (options.refresh() && options.mode() == PlanMode.NORMAL
        && diagnostics.stream().noneMatch(Diagnostic::isError)) {
      diagnostics.addAll(validate(desired, scope, context));
    }
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
      return new PlanOutcome(Optional.empty(), diagnostics);
    }
    State refreshed = pruned(refresh, options, diagnostics);
    List<Drift> drift = refresh.drift();
    refresh.adopted().forEach(a -> diagnostics.add(Diagnostic.warning(a + " exists but was not in state: adopted",
        "A previous run probably stopped after creating it and before recording it. It is managed from now on, "
            + "and nothing is created twice.").about(a.toString())));

    List<Change> changes = new ArrayList<>();
    if (options.mode() == PlanMode.DESTROY) {
      for (ResourceState r : refreshed.resources().values()) {
        if (scope.contains(r.address())) {
          changes.add(new Change.Delete(r.address(), r.attributes(), DeleteReason.DESTROY));
        }
      }
    } else {
      Map<Address, Change> planned = new HashMap<>();
      for (Address a : graph.topologicalOrder()) {
        if (!scope.contains(a)) {
          continue;
        }
        ResourceConfig rc = desired.resources().get(a);
        ResourceType type = ResourceTypes.get(a.type());
        Attributes resolved = rc.attributes().resolve(ref -> resolvePlanned(ref, planned, refreshed));
        Optional<Attributes> completed = complete(rc, resolved, refreshed, diagnostics);
        if (completed.isEmpty()) {
          continue;
        }
        resolved = completed.get();
        Change c = ResourceDiffer.decide(type, a, resolved, new TreeSet<>(rc.dependsOn()),
            refreshed.resource(a), options.replace().contains(a));
        planned.put(a, c);
        changes.add(c);
      }
      for (ResourceState r : refreshed.resources().values()) {
        boolean inScope = scope.contains(r.address()) || unmanaged.contains(r.address())
            && (options.targets().isEmpty() || options.targets().contains(r.address()));
        if (!desired.resources().containsKey(r.address()) && inScope) {
          changes.add(new Change.Delete(r.address(), r.attributes(),
              unmanaged.contains(r.address()) ? DeleteReason.UNMANAGED : DeleteReason.NOT_IN_CONFIG));
        }
      }
    }
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
      return new PlanOutcome(Optional.empty(), diagnostics);
    }
    for (Change c : changes) {
      if (c.action() != Action.NO_OP) {
        providers.forType(c.address().type()).ifPresent(p -> diagnostics.addAll(p.review(c)));
      }
    }
    Plan plan = new Plan(desired.stack(), options.mode(), refreshed, changes, drift, new TreeSet<>(refresh.adopted()),
        new TreeSet<>(options.targets()), diagnostics);
    return new PlanOutcome(Optional.of(plan), diagnostics);
  }

  /** Each provider's check of the desired resources in scope against what only it can know. */
  private List<Diagnostic> validate(Desired desired, Set<Address> scope, OperationContext context) {
    Map<Provider, List<ResourceConfig>> byProvider = new java.util.LinkedHashMap<>();
    for (ResourceConfig rc : desired.resources().values()) {
      if (scope.contains(rc.address())) {
        providers.forType(rc.address().type())
            .ifPresent(p -> byProvider.computeIfAbsent(p, k -> new ArrayList<>()).add(rc));
      }
    }
    List<Diagnostic> out = new ArrayList<>();
    byProvider.forEach((p, rcs) -> {
      try {
        out.addAll(p.validate(rcs, context.forResource(rcs.get(0).address())));
      } catch (ProviderException e) {
        out.add(Diagnostic.error("checking the configuration with the " + p.name() + " provider failed: "
            + e.getMessage(), "Fix the cause and plan again, or plan with --refresh=false."));
      }
    });
    return out;
  }

  /**
   * The refreshed state, with the unmanaged objects added when --prune asks to delete them; without it, each is
   * reported so the user knows it exists.
   */
  private static State pruned(Refresher.Result refresh, PlanOptions options, List<Diagnostic> diagnostics) {
    TreeMap<Address, ResourceState> resources = new TreeMap<>(refresh.refreshed().resources());
    for (ResourceState u : refresh.unmanaged()) {
      boolean deleted = options.prune() && options.mode() == PlanMode.NORMAL
          && (options.targets().isEmpty() || options.targets().contains(u.address()));
      if (deleted) {
        resources.put(u.address(), u); // only what this plan deletes enters its state
      } else {
        diagnostics.add(Diagnostic.warning(u.address() + " (id " + u.id()
            + ") carries this stack's labels but is neither configured nor in state",
            "It is not managed. Plan with --prune to delete it, or remove its labels to keep it.")
            .about(u.address().toString()));
      }
    }
    State refreshed = refresh.refreshed();
    return new State(refreshed.lineage(), refreshed.serial(), resources);
  }

  /** The provider's completion of the planned values ({@link Provider#plan}); empty, with an error, if it failed. */
  private Optional<Attributes> complete(ResourceConfig rc, Attributes resolved, State refreshed,
      List<Diagnostic> diagnostics) {
    Optional<Provider> provider = providers.forType(rc.address().type());
    if (provider.isEmpty()) {
      return Optional.of(resolved);
    }
    try {
      return Optional.of(provider.get().plan(new PlanRequest(rc.address(), resolved,
          refreshed.resource(rc.address()))));
    } catch (ProviderException ex) {
      diagnostics.add(Diagnostic.error(rc.location().orElse(null), "planning " + rc.address() + " failed: "
          + ex.getMessage(), "Fix the cause and plan again.").about(rc.address().toString()));
      return Optional.empty();
    }
  }

  /**
   * The value a reference has in the plan: the planned value when it is known, else the reference itself,
   * which apply resolves once the referenced resource is applied.
   */
  private static Object resolvePlanned(Ref ref, Map<Address, Change> planned, State refreshed) {
    Change c = planned.get(ref.address());
    Optional<Object> value = c != null
        ? c.after().flatMap(a -> a.get(ref.attribute()))
        : refreshed.resource(ref.address()).flatMap(r -> r.attributes().get(ref.attribute()));
    if (value.isEmpty() || value.get() instanceof Unknown) {
      return ref;
    }
    return value.get();
  }

  private static void checkAddresses(Desired desired, State prior, PlanOptions options, List<Diagnostic> out) {
    for (ResourceConfig rc : desired.resources().values()) {
      for (Object v : rc.attributes().values().values()) {
        for (Ref r : Attributes.refs(v)) {
          if (!desired.resources().containsKey(r.address())) {
            out.add(Diagnostic.error(rc.location().orElse(null),
                rc.address() + " refers to " + r + ", which the configuration does not declare",
                "Declare " + r.address() + " or remove the reference."));
          }
        }
      }
    }
    for (Address t : unknownTargets(desired, prior, options)) {
      if (!options.prune() || options.mode() == PlanMode.DESTROY) {
        out.add(Diagnostic.error("--target " + t + " names no resource in the configuration or in state",
            knownList(known(desired, prior))));
      }
    }
    for (Address t : options.replace()) {
      if (options.mode() == PlanMode.DESTROY) {
        out.add(Diagnostic.error("--replace cannot be used when destroying", "Leave out --replace " + t + "."));
      } else if (!desired.resources().containsKey(t)) {
        out.add(Diagnostic.error("--replace " + t + " names no resource in the configuration",
            knownList(desired.resources().keySet())));
      }
    }
  }

  private static Set<Address> known(Desired desired, State prior) {
    Set<Address> known = new TreeSet<>(desired.resources().keySet());
    known.addAll(prior.resources().keySet());
    return known;
  }

  /** Targets neither configured nor in state: with --prune they may name unmanaged objects refresh finds. */
  private static Set<Address> unknownTargets(Desired desired, State prior, PlanOptions options) {
    Set<Address> known = known(desired, prior);
    return options.targets().stream().filter(t -> !known.contains(t)).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String knownList(Set<Address> known) {
    String list = known.stream().map(Address::toString).collect(Collectors.joining(", "));
    return known.isEmpty() ? "There are no resources yet." : "Known resources: " + list + ".";
  }

  /** The addresses this plan covers: everything, or the targets with what they need. */
  private static SortedSet<Address> scope(Desired desired, State prior, DependencyGraph graph,
      PlanOptions options) {
    TreeSet<Address> all = new TreeSet<>(desired.resources().keySet());
    all.addAll(prior.resources().keySet());
    if (options.targets().isEmpty()) {
      return all;
    }
    if (options.mode() == PlanMode.DESTROY) {
      Map<Address, Set<Address>> recorded = new TreeMap<>();
      prior.resources().forEach((a, r) -> recorded.put(a, r.dependencies()));
      return DependencyGraph.of(recorded).withDependents(options.targets());
    }
    TreeSet<Address> inScope = new TreeSet<>(options.targets());
    inScope.addAll(graph.withDependencies(
        options.targets().stream().filter(desired.resources()::containsKey).collect(Collectors.toSet())));
    return inScope;
  }
}
