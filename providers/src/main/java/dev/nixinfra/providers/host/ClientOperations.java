package dev.nixinfra.providers.host;

import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies and deletes a client of kind {@code nix-linux} or {@code nix-macos}: the machines file, root's ssh_config
 * aliases when a builder needs one, the nix.conf block, and a daemon restart when nix.conf changed (the machines
 * and ssh files are read per build, so they need none). Clients of kind {@code nixos}, and of kind
 * {@code nix-darwin} whose Nix nix-darwin manages, get a module instead ({@link NixosOperations}); a nix-darwin
 * client whose Nix it does not manage gets the nix-macos files ({@link DarwinFallback}).
 */
final class ClientOperations {
  private final HostAccess access;
  private final OperationContext context;

  ClientOperations(HostAccess access, OperationContext context) {
    this.access = access;
    this.context = context;
  }

  ResourceState apply(ApplyRequest request) throws ProviderException {
    Connection c = access.connect(request.address(), request.planned());
    Optional<Attributes> prior = request.prior().map(ResourceState::attributes);
    HostFacts facts = HostFacts.read(c, Optional.empty(), Optional.empty());
    String kind = request.planned().string("kind").orElse("");
    Optional<String> mismatch = ClientKind.mismatch(request.address().toString(), kind, facts);
    if (mismatch.isPresent()) {
      throw new ProviderException(mismatch.get() + ". " + ClientKind.fix(kind));
    }
    Attributes done = Planning.client(request.address(), request.planned(), request.prior(), Optional.of(facts));
    Map<String, Object> files = Values.files(done);
    FileEdits edits = new FileEdits(c, context);
    Map<String, Object> priorFiles = prior.map(Values::files).orElse(Map.of());
    Optional<ModuleSystem> system = ModuleSystem.of(files);
    if (ModuleSystem.of(priorFiles).isPresent() && !ModuleSystem.of(priorFiles).equals(system)) {
      // nix-darwin stopped managing Nix (nix.enable = false): its module goes, with its import and a switch.
      new NixosOperations(access, context).delete(request.address(), request.planned(), c, priorFiles);
      priorFiles = Map.of();
    }
    if (system.isPresent()) {
      for (String old : priorFiles.keySet()) {
        if (!files.containsKey(old) && !ModuleSystem.isImportKey(old)) {
          edits.remove(old); // left from kind nix-linux or nix-macos files; the switch restarts what needs it
        }
      }
      new NixosOperations(access, context).apply(request.address(), done, c, files);
      return new ResourceState(request.address(), (String) done.values().get("host"),
          new Attributes(Values.known(done.values())), false, request.dependencies());
    }
    boolean nixConfChanged = false;
    for (Map.Entry<String, Object> f : files.entrySet()) {
      if (f.getValue() instanceof Unknown) {
        throw new ProviderException(request.address() + ": the content of " + f.getKey()
            + " is still unknown at apply; this is a bug in the nix provider");
      }
      boolean changed = edits.write(f.getKey(), (String) f.getValue(), FileEdits.Spec.SYSTEM);
      nixConfChanged |= changed && f.getKey().equals(facts.nixConfTarget());
    }
    for (String old : priorFiles.keySet()) {
      if (!files.containsKey(old)) {
        nixConfChanged |= edits.remove(old) && !FileEdits.isWhole(old);
      }
    }
    if (nixConfChanged) {
      DaemonRestart.restart(c, facts, Values.string(done.values(), "restart_command"), context);
    }
    Map<String, Object> values = new TreeMap<>(done.values());
    return new ResourceState(request.address(), (String) values.get("host"), new Attributes(Values.known(values)),
        false, request.dependencies());
  }

  void delete(ResourceState prior) throws ProviderException {
    Connection c = access.connect(prior.address(), prior.attributes());
    if (ModuleSystem.of(Values.files(prior.attributes())).isPresent()) {
      new NixosOperations(access, context).delete(prior.address(), prior.attributes(), c,
          Values.files(prior.attributes()));
      return;
    }
    HostFacts facts = HostFacts.read(c, Optional.empty(), Optional.empty());
    FileEdits edits = new FileEdits(c, context);
    boolean nixConfChanged = false;
    for (String path : Values.files(prior.attributes()).keySet()) {
      nixConfChanged |= edits.remove(path) && !FileEdits.isWhole(path);
    }
    if (nixConfChanged) {
      DaemonRestart.restart(c, facts, Values.string(prior.attributes().values(), "restart_command"), context);
    }
  }
}
