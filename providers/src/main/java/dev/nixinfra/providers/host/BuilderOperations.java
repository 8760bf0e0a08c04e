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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies and deletes a builder with {@code os: nix}: the build user, its membership of the daemon socket's group,
 * the nix.conf and authorized_keys blocks, and a daemon restart when nix.conf changed.
 */
final class BuilderOperations {
  static final String SOCKET = "/nix/var/nix/daemon-socket/socket";

  private final HostAccess access;
  private final OperationContext context;

  BuilderOperations(HostAccess access, OperationContext context) {
    this.access = access;
    this.context = context;
  }

  ResourceState apply(ApplyRequest request) throws ProviderException {
    Connection c = access.connect(request.address(), request.planned());
    Optional<Attributes> prior = request.prior().map(ResourceState::attributes);
    String user = BuilderFiles.user(request.planned().values());
    boolean nixos = NixosFiles.isBuilder(request.address().type(), request.planned().values());
    HostFacts facts = HostFacts.read(c, Optional.of(user), prior.flatMap(Refresh::recordedOwnFeatures), nixos);
    if (nixos) {
      return applyNixos(request, c, facts);
    }
    boolean created = BuildUsers.ensure(c, facts, user, context);
    if (created) {
      facts = HostFacts.read(c, Optional.of(user), prior.flatMap(Refresh::recordedOwnFeatures));
    }
    ensureSocketGroup(c, user);
    Attributes done = Planning.builder(request.address(), request.planned(), request.prior(), Optional.of(facts));
    Map<String, Object> values = new TreeMap<>(done.values());
    if (created || Values.bool(values, Planning.USER_CREATED, false)) {
      values.put(Planning.USER_CREATED, true);
    }
    Map<String, Object> files = Values.files(done);
    FileEdits edits = new FileEdits(c, context);
    boolean nixConfChanged = false;
    for (Map.Entry<String, Object> f : files.entrySet()) {
      if (f.getValue() instanceof Unknown) {
        throw new ProviderException(request.address() + ": the content of " + f.getKey()
            + " is still unknown at apply; this is a bug in the nix provider");
      }
      boolean authorizedKeys = f.getKey().equals(BuilderFiles.authorizedKeysPath(facts.homeOf(user)));
      FileEdits.Spec spec = authorizedKeys ? new FileEdits.Spec("0600", Optional.of(user), "0700")
          : FileEdits.Spec.SYSTEM;
      boolean changed = edits.write(f.getKey(), (String) f.getValue(), spec);
      nixConfChanged |= changed && f.getKey().equals(facts.nixConfTarget());
    }
    for (String old : prior.map(Values::files).orElse(Map.of()).keySet()) {
      if (!files.containsKey(old)) {
        nixConfChanged |= edits.remove(old) && old.startsWith("/etc/nix/");
      }
    }
    if (nixConfChanged) {
      DaemonRestart.restart(c, facts, Values.string(values, "restart_command"), context);
    }
    return new ResourceState(request.address(), (String) values.get("host"), new Attributes(Values.known(values)),
        false, request.dependencies());
  }

  /** NixOS: the module declares the build user; nothing of {@code os: nix} is done by hand. */
  private ResourceState applyNixos(ApplyRequest request, Connection c, HostFacts facts) throws ProviderException {
    Attributes done = Planning.builder(request.address(), request.planned(), request.prior(), Optional.of(facts));
    Map<String, Object> files = Values.files(done);
    FileEdits edits = new FileEdits(c, context);
    for (String old : request.prior().map(p -> Values.files(p.attributes())).orElse(Map.of()).keySet()) {
      if (!files.containsKey(old)) {
        edits.remove(old); // left from os: nix; the switch restarts what needs it
      }
    }
    new NixosOperations(access, context).apply(request.address(), done, c, files);
    Map<String, Object> values = new TreeMap<>(done.values());
    values.remove(Planning.USER_CREATED);
    return new ResourceState(request.address(), (String) values.get("host"), new Attributes(Values.known(values)),
        false, request.dependencies());
  }

  void delete(ResourceState prior) throws ProviderException {
    Connection c = access.connect(prior.address(), prior.attributes());
    if (NixosFiles.isBuilder(prior.address().type(), prior.attributes().values())) {
      new NixosOperations(access, context).delete(prior.address(), prior.attributes(), c,
          Values.files(prior.attributes()));
      return;
    }
    String user = BuilderFiles.user(prior.attributes().values());
    HostFacts facts = HostFacts.read(c, Optional.of(user), Refresh.recordedOwnFeatures(prior.attributes()));
    FileEdits edits = new FileEdits(c, context);
    boolean nixConfChanged = false;
    for (String path : Values.files(prior.attributes()).keySet()) {
      nixConfChanged |= edits.remove(path) && path.startsWith("/etc/nix/");
    }
    if (Values.bool(prior.attributes().values(), Planning.USER_CREATED, false) && facts.userHome().isPresent()) {
      context.say("removing the build user " + user + " that nixinfra created");
      c.run("userdel --remove " + Shell.quote(user), HostFacts.TIMEOUT, HostOutput.to(context, c));
    }
    if (nixConfChanged) {
      DaemonRestart.restart(c, facts, Values.string(prior.attributes().values(), "restart_command"), context);
    }
  }

  /**
   * Adds the build user to the group of the daemon socket when the socket is closed to others (Debian's
   * {@code nix-users}); the user cannot reach the daemon otherwise.
   */
  private void ensureSocketGroup(Connection c, String user) throws ProviderException {
    String stat = c.run("stat -c '%G %a' " + SOCKET + " 2>/dev/null || stat -f '%Sg %Lp' " + SOCKET + " || true",
        HostFacts.TIMEOUT, LineSink.discard()).stdout().strip();
    String[] parts = stat.split("\\s+");
    if (parts.length != 2 || !parts[1].matches("[0-7]{3,4}")) {
      return; // no socket (the daemon is not running yet) or an unknown stat: nothing to join
    }
    int others = parts[1].charAt(parts[1].length() - 1) - '0';
    String group = parts[0];
    if ((others & 2) != 0 || group.equals("root") || group.equals("wheel")) {
      return;
    }
    List<String> groups = List.of(c.run("id -nG " + Shell.quote(user), HostFacts.TIMEOUT, LineSink.discard())
        .stdout().strip().split("\\s+"));
    if (!groups.contains(group)) {
      context.say("adding " + user + " to " + group + ", the group of the nix daemon socket");
      c.run("usermod -a -G " + Shell.quote(group) + " " + Shell.quote(user), HostFacts.TIMEOUT,
          HostOutput.to(context, c));
    }
  }
}
