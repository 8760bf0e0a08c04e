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
 * and ssh files are read per build, so they need none).
 */
final class ClientOperations {
  private final HostAccess access;
  private final OperationContext context;

  ClientOperations(HostAccess access, OperationContext context) {
    this.access = access;
    this.context = context;
  }

  ResourceState apply(ApplyRequest request) throws ProviderException {
    Planning.requireSupported(request.address(), request.planned().values());
    Connection c = access.connect(request.address(), request.planned());
    Optional<Attributes> prior = request.prior().map(ResourceState::attributes);
    HostFacts facts = HostFacts.read(c, Optional.empty(), Optional.empty());
    Attributes done = Planning.client(request.address(), request.planned(), request.prior(), Optional.of(facts));
    Map<String, Object> files = Values.files(done);
    FileEdits edits = new FileEdits(c, context);
    if (NixosFiles.isClient(request.address().type(), done.values())) {
      for (String old : prior.map(Values::files).orElse(Map.of()).keySet()) {
        if (!files.containsKey(old)) {
          edits.remove(old); // left from kind nix-linux; the switch restarts what needs it
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
    for (String old : prior.map(Values::files).orElse(Map.of()).keySet()) {
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
    if (NixosFiles.isClient(prior.address().type(), prior.attributes().values())) {
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
