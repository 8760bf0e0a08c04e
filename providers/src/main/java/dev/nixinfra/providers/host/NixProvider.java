package dev.nixinfra.providers.host;

import static dev.nixinfra.core.model.ResourceTypes.BUILDER;
import static dev.nixinfra.core.model.ResourceTypes.CLIENT;
import static dev.nixinfra.core.model.ResourceTypes.CLIENT_KEY;
import static dev.nixinfra.core.model.ResourceTypes.TENANT;

import dev.nixinfra.core.check.StepResult;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.plan.Action;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.FleetChecker;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.PlanRequest;
import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.core.provider.RefreshRequest;
import dev.nixinfra.core.provider.RefreshResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code nix} provider: {@code builder} ({@code os: nix}, {@code os: nixos}), its {@code tenant}s,
 * {@code client_key} and {@code client} ({@code nix-linux}, {@code nix-macos}, {@code nixos}, {@code nix-darwin}) on
 * machines that already run multi-user Nix, NixOS or nix-darwin, and the fleet check. NixOS and nix-darwin hosts get a module
 * imported from their configuration.nix ({@link NixosOperations}); a nix-darwin client whose Nix nix-darwin does not
 * manage gets the files of kind nix-macos, and the plan says so ({@link DarwinFallback}).
 *
 * <p>Refresh reads facts from the hosts and keeps them in memory by address; plan completes the planned values from
 * them without contacting anything (a value it cannot know yet is planned as unknown); apply reads the facts again and
 * writes the same rendering.
 */
public final class NixProvider implements Provider, FleetChecker {
  private final HostAccess access;
  /** What the last refresh read of each host, for plan; replaced on every refresh and apply. */
  private final Map<Address, HostFacts> facts = new ConcurrentHashMap<>();
  /** What keeps each tenant's builds from sandboxing, as the last refresh read it. */
  private final Map<Address, UserNamespaces.Problem> sandboxProblems = new ConcurrentHashMap<>();

  /** @param access how hosts are reached; production passes an {@link SshHostAccess} */
  public NixProvider(HostAccess access) {
    this.access = Objects.requireNonNull(access, "access");
  }

  @Override
  public String name() {
    return "nix";
  }

  @Override
  public Optional<ResourceState> read(ResourceState prior, OperationContext context) throws ProviderException {
    requireOurs(prior.address());
    return new Refresh(access, facts, sandboxProblems).read(prior, context);
  }

  @Override
  public RefreshResult refresh(RefreshRequest request, OperationContext context) throws ProviderException {
    return new Refresh(access, facts, sandboxProblems).run(request, context);
  }

  @Override
  public Attributes plan(PlanRequest request) throws ProviderException {
    Address a = request.address();
    Optional<HostFacts> known = Optional.ofNullable(facts.get(a));
    return switch (a.type()) {
      case BUILDER -> Planning.builder(a, request.proposed(), request.current(), known);
      case CLIENT -> Planning.client(a, request.proposed(), request.current(), known);
      case CLIENT_KEY -> Planning.clientKey(a, request.proposed(), request.current());
      case TENANT -> Planning.tenant(a, request.proposed(), request.current(), known);
      default -> throw notOurs(a);
    };
  }

  /**
   * What the plan should say before anyone approves it: a client whose kind does not fit its host's OS, a nix-darwin
   * client configured like nix-macos, kvm.
   */
  @Override
  public List<Diagnostic> review(Change change) {
    if (change.address().type().equals(TENANT)) {
      return tenantWarnings(change);
    }
    Optional<HostFacts> f = Optional.ofNullable(facts.get(change.address()));
    Optional<String> kind = change.after().flatMap(a -> a.string("kind"));
    if (change.address().type().equals(CLIENT) && f.isPresent() && kind.isPresent()) {
      Optional<String> mismatch = ClientKind.mismatch(change.address().toString(), kind.get(), f.get());
      if (mismatch.isPresent()) {
        return List.of(Diagnostic.warning(mismatch.get(), ClientKind.fix(kind.get()))
            .about(change.address().toString()));
      }
    }
    Optional<String> fallback = change.after().flatMap(a -> DarwinFallback.warning(change.address(), a.values()));
    if (fallback.isPresent()) {
      return List.of(Diagnostic.warning(fallback.get(), "Nothing to do when that is intended. For nix-darwin to "
          + "manage Nix, set nix.enable = true in its configuration and switch; the next plan then moves these "
          + "settings into nixinfra's nix-darwin module.")
          .about(change.address().toString()));
    }
    return change.after().flatMap(a -> kvmWithoutDevice(change.address(), a)).map(List::of).orElse(List.of());
  }

  /** A tenant that goes takes its store with it; one whose builds could not sandbox would be refused by apply. */
  private List<Diagnostic> tenantWarnings(Change change) {
    List<Diagnostic> out = new ArrayList<>();
    if (change.before().isPresent() && (change.action() == Action.DELETE || change.action() == Action.REPLACE)) {
      out.add(storeDeleted(change.address(), change.before().get()));
    }
    UserNamespaces.Problem p = sandboxProblems.get(change.address());
    if (p != null && change.after().isPresent()) {
      out.add(Diagnostic.warning(change.address() + ": " + p.reason() + ", so the tenant's builds could not run "
          + "in their sandbox; apply refuses it until then", "Builds in a tenant's store run sandboxed as the "
          + "tenant's user, which needs unprivileged user namespaces: " + p.fix() + ".")
          .about(change.address().toString()));
    }
    return out;
  }

  /** Removing or replacing a tenant deletes its store: say so before anyone approves. */
  private static Diagnostic storeDeleted(Address address, Attributes before) {
    String store = before.string("store").orElse("its store");
    String host = before.string("host").orElse("the builder");
    return Diagnostic.warning(address + " goes: its store " + store + " on " + host + ", with every path built "
        + "or copied there, is deleted", "Its clients build there no longer. Nothing else on the builder changes. "
        + "Keep the tenant in nixinfra.yaml if its outputs are still needed, or copy them out first (nix copy "
        + "--from 'local?root=" + store + "').").about(address.toString());
  }

  /** A builder that offers {@code kvm} on a host without {@code /dev/kvm}: such builds would fail there. */
  private Optional<Diagnostic> kvmWithoutDevice(Address address, Attributes planned) {
    HostFacts f = facts.get(address);
    if (!address.type().equals(BUILDER) || f == null || f.kvm()) {
      return Optional.empty();
    }
    boolean declared = Values.strings(planned.values(), "supported_features").orElse(List.of()).contains("kvm")
        || Values.strings(planned.values(), "mandatory_features").orElse(List.of()).contains("kvm");
    return declared ? Optional.of(Diagnostic.warning(address + " offers the kvm feature, but its host has no "
        + "/dev/kvm", "Builds that need kvm (NixOS tests, VMs) would fail there. Enable virtualization on the "
        + "machine (or nested virtualization on a VM), or remove kvm from its supported_features.")
        .about(address.toString())) : Optional.empty();
  }

  @Override
  public ResourceState apply(ApplyRequest request, OperationContext context) throws ProviderException {
    ResourceState done = switch (request.address().type()) {
      case BUILDER -> new BuilderOperations(access, context).apply(request);
      case CLIENT -> new ClientOperations(access, context).apply(request);
      case CLIENT_KEY -> new ClientKeyOperations(access, context).apply(request);
      case TENANT -> new TenantOperations(access, context).apply(request);
      default -> throw notOurs(request.address());
    };
    facts.remove(request.address()); // the host changed; the next refresh reads it again
    return done;
  }

  @Override
  public void delete(ResourceState prior, OperationContext context) throws ProviderException {
    switch (prior.address().type()) {
      case BUILDER -> new BuilderOperations(access, context).delete(prior);
      case CLIENT -> new ClientOperations(access, context).delete(prior);
      case CLIENT_KEY -> new ClientKeyOperations(access, context).delete(prior);
      case TENANT -> new TenantOperations(access, context).delete(prior);
      default -> throw notOurs(prior.address());
    }
    facts.remove(prior.address());
  }

  @Override
  public List<StepResult> check(ResourceState client, ResourceState clientKey, ResourceState builder,
      OperationContext context) {
    return new PairCheck(access, context).check(client, clientKey, builder);
  }

  private static void requireOurs(Address a) throws ProviderException {
    if (!List.of(BUILDER, CLIENT, CLIENT_KEY, TENANT).contains(a.type())) {
      throw notOurs(a);
    }
  }

  private static ProviderException notOurs(Address a) {
    return new ProviderException("the nix provider does not manage " + a);
  }
}
