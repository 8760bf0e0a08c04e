package dev.nixinfra.providers.host;

import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.LineSink;
import dev.nixinfra.providers.ssh.Shell;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies and deletes a tenant of a builder: the tenant's user (created by nixinfra on {@code os: nix}, declared by
 * the tenant's module on NixOS), its store root owned by that user and closed to all others, and its clients' keys,
 * each forced to serve that store. Nothing of the shared daemon changes, so no daemon restarts. Deleting a tenant
 * deletes its store.
 */
final class TenantOperations {
  /** A store of many gigabytes takes a while to delete. */
  static final Duration DELETE_TIMEOUT = Duration.ofMinutes(30);

  private final HostAccess access;
  private final OperationContext context;

  TenantOperations(HostAccess access, OperationContext context) {
    this.access = access;
    this.context = context;
  }

  ResourceState apply(ApplyRequest request) throws ProviderException {
    Connection c = access.connect(request.address(), request.planned());
    Map<String, Object> planned = request.planned().values();
    String user = TenantFiles.user(planned);
    String store = TenantFiles.store(planned).root();
    boolean nixos = isNixos(planned);
    HostFacts facts = HostFacts.read(c, Optional.of(user), Optional.empty(), nixos);
    if (facts.isMac()) {
      throw new ProviderException(request.address() + " on " + c.name() + ": a tenant's store lives outside "
          + "/nix/store, and Nix builds into such a store only in Linux's build sandbox (on macOS: 'building using "
          + "a diverted store is not supported on this platform'); put tenants on a Linux builder");
    }
    Optional<UserNamespaces.Problem> sandbox = UserNamespaces.problem(c);
    if (sandbox.isPresent()) {
      throw new ProviderException(request.address() + " on " + c.name() + ": " + sandbox.get());
    }
    Map<String, Object> values;
    if (nixos) {
      Attributes done = Planning.tenant(request.address(), request.planned(), request.prior(), Optional.of(facts));
      new NixosOperations(access, context).apply(request.address(), done, c, Values.files(done));
      values = new TreeMap<>(done.values());
      values.remove(Planning.USER_CREATED); // the module declares the user
      if (HostFacts.read(c, Optional.of(user), Optional.empty(), true).userHome().isEmpty()) {
        boolean flake = Values.files(done).containsKey(ModuleSystem.NIXOS.flakeNix());
        throw new ProviderException(request.address() + " on " + c.name() + ": the tenant's user " + user
            + " does not exist yet, so its store cannot be made; the module declares it once the system is switched"
            + " to it: run " + (flake ? ModuleSystem.NIXOS.flakeSwitchCommand() : ModuleSystem.NIXOS.switchCommand())
            + " on " + c.name() + ", then apply again");
      }
      ensureStore(c, user, store); // as the module's tmpfiles rule does at boot
    } else {
      boolean created = BuildUsers.ensure(c, facts, user, context);
      if (created) {
        facts = HostFacts.read(c, Optional.of(user), Optional.empty());
      }
      ensureStore(c, user, store);
      Attributes done = Planning.tenant(request.address(), request.planned(), request.prior(), Optional.of(facts));
      values = new TreeMap<>(done.values());
      if (created) {
        values.put(Planning.USER_CREATED, true);
      }
      writeFiles(c, request, user, Values.files(done));
    }
    values.put("store_owner", storeOwner(c, store));
    return new ResourceState(request.address(), (String) values.get("host"), new Attributes(Values.known(values)),
        false, request.dependencies());
  }

  private void writeFiles(Connection c, ApplyRequest request, String user, Map<String, Object> files)
      throws ProviderException {
    FileEdits edits = new FileEdits(c, context);
    for (Map.Entry<String, Object> f : files.entrySet()) {
      if (f.getValue() instanceof Unknown) {
        throw new ProviderException(request.address() + ": the content of " + f.getKey()
            + " is still unknown at apply; this is a bug in the nix provider");
      }
      edits.write(f.getKey(), (String) f.getValue(), new FileEdits.Spec("0600", Optional.of(user), "0700"));
    }
    for (String old : request.prior().map(p -> Values.files(p.attributes())).orElse(Map.of()).keySet()) {
      if (!files.containsKey(old)) {
        edits.remove(old);
      }
    }
  }

  /**
   * Makes the store root a directory owned by the tenant's user, mode 0700, its parents created as root's. A store
   * whose contents belong to someone else (the user was created anew with another uid) is given back to the user.
   */
  private void ensureStore(Connection c, String user, String store) throws ProviderException {
    String q = Shell.quote(store);
    String u = Shell.quote(user);
    String owner = storeOwner(c, store);
    if (!owner.equals(user)) {
      context.say(owner.isEmpty() ? "creating the store of " + user + " at " + store
          : "giving the store at " + store + " to " + user + " (it belonged to " + owner + ")");
    }
    c.run("mkdir -p \"$(dirname " + q + ")\" && install -d -m 0700 -o " + u + " -g \"$(id -gn " + u + ")\" " + q
        + " && if [ -e " + q + "/nix ] && [ \"$(stat -c %U " + q + "/nix)\" != " + u + " ]; then chown -R " + u
        + ": " + q + "; fi", HostFacts.TIMEOUT, HostOutput.to(context, c));
  }

  /** The owner of the store root, empty when it does not exist. */
  static String storeOwner(Connection c, String store) throws ProviderException {
    return c.run("stat -c %U " + Shell.quote(store) + " 2>/dev/null || true", HostFacts.TIMEOUT, LineSink.discard())
        .stdout().strip();
  }

  void delete(ResourceState prior) throws ProviderException {
    Connection c = access.connect(prior.address(), prior.attributes());
    Map<String, Object> values = prior.attributes().values();
    String user = TenantFiles.user(values);
    String store = TenantFiles.store(values).root();
    if (isNixos(values)) {
      new NixosOperations(access, context).delete(prior.address(), prior.attributes(), c,
          Values.files(prior.attributes()));
    } else {
      FileEdits edits = new FileEdits(c, context);
      for (String path : Values.files(prior.attributes()).keySet()) {
        edits.remove(path);
      }
    }
    boolean removeUser = Values.bool(values, Planning.USER_CREATED, false);
    if (removeUser) {
      // Its sessions (a tenant daemon mid-build) hold the store open and keep userdel from removing the user.
      c.run("pkill -KILL -u " + Shell.quote(user) + " 2>/dev/null; true", HostFacts.TIMEOUT, LineSink.discard());
    }
    context.say("deleting the store of " + prior.address() + " at " + store);
    c.run("rm -rf --one-file-system " + Shell.quote(store), DELETE_TIMEOUT, HostOutput.to(context, c));
    if (removeUser && HostFacts.read(c, Optional.of(user), Optional.empty()).userHome().isPresent()) {
      context.say("removing the user " + user + " that nixinfra created");
      c.run("userdel --remove " + Shell.quote(user), HostFacts.TIMEOUT, HostOutput.to(context, c));
    }
  }

  private static boolean isNixos(Map<String, Object> values) {
    return "nixos".equals(values.get("os"));
  }
}
