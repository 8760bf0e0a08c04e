package dev.nixinfra.providers.host;

import static dev.nixinfra.core.model.ResourceTypes.BUILDER;
import static dev.nixinfra.core.model.ResourceTypes.CLIENT;
import static dev.nixinfra.core.model.ResourceTypes.CLIENT_KEY;
import static dev.nixinfra.core.model.ResourceTypes.TENANT;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.core.provider.RefreshRequest;
import dev.nixinfra.core.provider.RefreshResult;
import dev.nixinfra.providers.ssh.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads back what is on the hosts. For resources in state: the Nix version, the host key, a tenant's store owner and
 * whether its builds can sandbox, and every file recorded in {@code files} (nixinfra's block, or the whole file it
 * owns; gone when the block or file is gone), and for a client key its public half. For configured resources not in
 * state whose host is known: only the facts plan needs, kept in {@code facts}; they are not adopted, since nothing of
 * nixinfra's is there yet.
 */
final class Refresh {
  private final HostAccess access;
  private final Map<Address, HostFacts> facts;
  private final Map<Address, UserNamespaces.Problem> sandboxProblems;

  /**
   * @param facts where the facts read of each host go, for plan
   * @param sandboxProblems where what keeps a tenant's builds from sandboxing goes, for the plan's review
   */
  Refresh(HostAccess access, Map<Address, HostFacts> facts, Map<Address, UserNamespaces.Problem> sandboxProblems) {
    this.access = access;
    this.facts = facts;
    this.sandboxProblems = sandboxProblems;
  }

  RefreshResult run(RefreshRequest request, OperationContext context) throws ProviderException {
    Map<Address, Optional<ResourceState>> current = new LinkedHashMap<>();
    for (ResourceState prior : request.priors()) {
      current.put(prior.address(), read(prior, context.forResource(prior.address())));
    }
    List<Diagnostic> notes = new ArrayList<>();
    List<String> reserved = new ArrayList<>();
    for (ResourceConfig missing : request.missing()) {
      String type = missing.address().type();
      Attributes a = missing.attributes();
      if (!(type.equals(BUILDER) || type.equals(CLIENT) || type.equals(TENANT)) || !Values.hostKnown(a)) {
        continue;
      }
      String host = Values.string(a.values(), "host", "");
      if (ReservedNames.isReserved(host)) {
        reserved.add(missing.address() + " (" + host + ")");
        continue;
      }
      // Best effort: a host nixinfra does not manage yet may not be up; plan shows its files as known after apply.
      try {
        Connection c = access.connect(missing.address(), a);
        facts.put(missing.address(), HostFacts.read(c, buildUser(missing.address(), a), Optional.empty()));
        readSandbox(missing.address(), c);
      } catch (ProviderException e) {
        notes.add(Diagnostic.warning("could not read " + missing.address() + " on " + host + ": " + e.getMessage(),
            "Its files are planned as known after apply; apply needs the host to be reachable.")
            .about(missing.address().toString()));
      }
    }
    if (!reserved.isEmpty()) {
      notes.add(Diagnostic.warning("not contacted: " + String.join(", ", reserved),
          "Names under .example and .invalid are reserved for documentation (RFC 2606) and never reach a machine; "
              + "their files are planned as known after apply. Use the machines' real names."));
    }
    return new RefreshResult(current, Map.of(), List.of(), notes);
  }

  Optional<ResourceState> read(ResourceState prior, OperationContext context) throws ProviderException {
    Attributes a = prior.attributes();
    Connection c = access.connect(prior.address(), a);
    if (prior.address().type().equals(CLIENT_KEY)) {
      String keyPath = Values.string(a.values(), "key_path", "");
      return c.readFile(keyPath + ".pub", HostFacts.TIMEOUT)
          .map(pub -> prior.withAttributes(a.with("public_key", pub.strip())));
    }
    Optional<String> user = buildUser(prior.address(), a);
    HostFacts f = HostFacts.read(c, user, recordedOwnFeatures(a), NixosFiles.isBuilder(prior.address().type(),
        a.values()));
    facts.put(prior.address(), f);
    FileEdits edits = new FileEdits(c, context);
    Map<String, Object> files = new TreeMap<>();
    Optional<String> configurationNix = ModuleSystem.of(Values.files(a)).map(m -> m.importKey(Values.files(a)));
    for (String path : Values.files(a).keySet()) {
      boolean keysOfMissingUser = user.isPresent() && f.userHome().isEmpty()
          && path.endsWith("/.ssh/authorized_keys");
      if (configurationNix.equals(Optional.of(path))) {
        NixosFiles.readImport(path, edits.read(path), Values.files(a).get(path)).ifPresent(v -> files.put(path, v));
      } else if (!keysOfMissingUser) {
        edits.readOwned(path).ifPresent(text -> files.put(path, text));
      }
    }
    Map<String, Object> values = new TreeMap<>(a.values());
    values.put("files", files);
    values.put("nix_version", f.version().toString());
    if (!(values.get("host_key") instanceof String)) {
      f.hostKey().ifPresent(k -> values.put("host_key", k));
    }
    if (user.isPresent() && f.userHome().isEmpty()) {
      values.remove(Planning.USER_CREATED); // the build user is gone: apply creates it again
    }
    if (prior.address().type().equals(TENANT)) {
      values.put("store_owner", TenantOperations.storeOwner(c, TenantFiles.store(a.values()).root()));
      readSandbox(prior.address(), c);
    }
    return Optional.of(prior.withAttributes(new Attributes(values)));
  }

  private void readSandbox(Address address, Connection c) throws ProviderException {
    if (address.type().equals(TENANT)) {
      UserNamespaces.problem(c).ifPresentOrElse(p -> sandboxProblems.put(address, p),
          () -> sandboxProblems.remove(address));
    }
  }

  /** The user clients log in as: the build user of a builder, a tenant's user. */
  private static Optional<String> buildUser(Address address, Attributes a) {
    return switch (address.type()) {
      case BUILDER -> Optional.of(BuilderFiles.user(a.values()));
      case TENANT -> Optional.of(TenantFiles.user(a.values()));
      default -> Optional.empty();
    };
  }

  static Optional<List<String>> recordedOwnFeatures(Attributes a) {
    return a.has(Planning.OWN_FEATURES) ? Values.strings(a.values(), Planning.OWN_FEATURES) : Optional.empty();
  }
}
