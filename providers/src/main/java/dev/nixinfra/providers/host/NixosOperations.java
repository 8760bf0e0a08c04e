package dev.nixinfra.providers.host;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.nixos.ImportLine;
import dev.nixinfra.providers.nixos.UneditableConfigurationException;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.LineSink;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Applies and deletes the NixOS module of a builder ({@code os: nixos}) or client ({@code kind: nixos}), whose
 * {@code files} {@link NixosFiles} renders: writes the module (owned whole), adds its import to
 * {@code /etc/nixos/configuration.nix} (backed up once first), and runs {@code nixos-rebuild switch}.
 *
 * <p>A switch can break SSH (users, keys, sshd), so after it nixinfra logs in again on a fresh connection
 * ({@link HostAccess#reconnect}) and runs {@code true}. If that fails, it runs {@code nixos-rebuild switch
 * --rollback} on the connection it still has, puts configuration.nix and the module back as they were, and fails:
 * a bad change never locks nixinfra out. A flake-based {@code /etc/nixos} is not edited: the module is written and
 * apply fails with the import line the user adds to the flake ({@link ImportLine#flakeGuidance}).
 */
final class NixosOperations {
  static final Duration SWITCH_TIMEOUT = Duration.ofMinutes(30);
  static final String SWITCH = "nixos-rebuild switch";
  static final String ROLLBACK = "nixos-rebuild switch --rollback";

  private final HostAccess access;
  private final OperationContext context;

  NixosOperations(HostAccess access, OperationContext context) {
    this.access = access;
    this.context = context;
  }

  /** Makes the host hold {@code files} (planned with facts read at apply) and switches when anything changed. */
  void apply(Address address, Attributes attributes, Connection c, Map<String, Object> files)
      throws ProviderException {
    String importValue = (String) files.get(NixosFiles.CONFIGURATION_NIX);
    String module = NixosFiles.moduleOf(importValue).orElseThrow();
    String modulePath = NixosFiles.modulePath(module);
    if (!(files.get(modulePath) instanceof String moduleText)) {
      throw new ProviderException(address + ": the content of " + modulePath
          + " is still unknown at apply; this is a bug in the nix provider");
    }
    FileEdits edits = new FileEdits(c, context);
    if (c.readFile(NixosFiles.FLAKE_NIX, HostFacts.TIMEOUT).isPresent()) {
      edits.write(modulePath, moduleText, FileEdits.Spec.SYSTEM);
      throw new ProviderException(address + " on " + c.name() + ": " + ImportLine.flakeGuidance(module));
    }
    String before = c.readFile(NixosFiles.CONFIGURATION_NIX, HostFacts.TIMEOUT).orElseThrow(() ->
        new ProviderException(address + " on " + c.name() + ": " + NixosFiles.CONFIGURATION_NIX
            + " does not exist; is this NixOS? Add " + ImportLine.importLine(module) + " to your configuration"));
    String after = edit(address, c, () -> ImportLine.add(before, module));
    Optional<String> previousModule = edits.read(modulePath);
    boolean changed = edits.write(modulePath, moduleText, FileEdits.Spec.SYSTEM); // before the import names it
    if (!after.equals(before)) {
      context.say("importing " + module + " in " + NixosFiles.CONFIGURATION_NIX);
      edits.replace(NixosFiles.CONFIGURATION_NIX, after);
      changed = true;
    }
    if (changed) {
      switchSafely(address, attributes, c, () -> {
        edits.replace(NixosFiles.CONFIGURATION_NIX, before);
        if (previousModule.isPresent()) {
          edits.write(modulePath, previousModule.get(), FileEdits.Spec.SYSTEM);
        } else {
          edits.remove(modulePath);
        }
      });
    }
  }

  /** Removes the import and the module recorded in {@code files}, and switches when anything changed. */
  void delete(Address address, Attributes attributes, Connection c, Map<String, Object> files)
      throws ProviderException {
    Optional<String> module = NixosFiles.moduleOf(files.get(NixosFiles.CONFIGURATION_NIX));
    FileEdits edits = new FileEdits(c, context);
    boolean changed = false;
    Optional<String> before = c.readFile(NixosFiles.CONFIGURATION_NIX, HostFacts.TIMEOUT);
    if (module.isPresent() && before.isPresent()) {
      String after = edit(address, c, () -> ImportLine.remove(before.get(), module.get()));
      if (!after.equals(before.get())) {
        context.say("removing the import of " + module.get() + " from " + NixosFiles.CONFIGURATION_NIX);
        edits.replace(NixosFiles.CONFIGURATION_NIX, after); // drops the backup once it says nothing more
        changed = true;
      }
    }
    for (String path : files.keySet()) {
      if (!path.equals(NixosFiles.CONFIGURATION_NIX)) {
        changed |= edits.remove(path);
      }
    }
    if (changed && c.readFile(NixosFiles.FLAKE_NIX, HostFacts.TIMEOUT).isEmpty()) {
      switchSafely(address, attributes, c, () -> {});
    }
  }

  private interface Revert {
    void run() throws ProviderException;
  }

  private interface Edit {
    String apply();
  }

  private static String edit(Address address, Connection c, Edit edit) throws ProviderException {
    try {
      return edit.apply();
    } catch (UneditableConfigurationException e) {
      throw new ProviderException(address + " on " + c.name() + ": " + NixosFiles.CONFIGURATION_NIX + ": "
          + e.getMessage());
    } catch (RuntimeException e) {
      throw new ProviderException(address + " on " + c.name() + ": cannot read " + NixosFiles.CONFIGURATION_NIX
          + ": " + e.getMessage());
    }
  }

  /**
   * {@code nixos-rebuild switch}, then a login on a fresh connection. When that login fails: rollback on the
   * connection still open, {@code revert} the files, and fail.
   */
  private void switchSafely(Address address, Attributes attributes, Connection c, Revert revert)
      throws ProviderException {
    context.say("running " + SWITCH + " on " + c.name());
    try {
      c.run(SWITCH, SWITCH_TIMEOUT, HostOutput.to(context, c));
    } catch (ProviderException e) {
      throw new ProviderException(address + " on " + c.name() + ": " + SWITCH + " failed: " + e.getMessage()
          + "; see its output above. The system was not switched to the new configuration.", e);
    }
    try {
      access.reconnect(address, attributes).run("true", HostFacts.TIMEOUT, LineSink.discard());
      return;
    } catch (ProviderException e) {
      context.say(c.name() + ": cannot log in again after the switch (" + e.getMessage() + "); rolling back");
      String rolledBack;
      try {
        c.run(ROLLBACK, SWITCH_TIMEOUT, HostOutput.to(context, c));
        revert.run();
        rolledBack = "nixinfra rolled the system back (" + ROLLBACK + ") and restored "
            + NixosFiles.CONFIGURATION_NIX + " and its module as they were";
      } catch (ProviderException r) {
        rolledBack = "the rollback failed too (" + r.getMessage() + "); on the console, run " + ROLLBACK;
      }
      throw new ProviderException(address + " on " + c.name() + ": after " + SWITCH + ", nixinfra could not log "
          + "in on a new SSH connection (" + e.getMessage() + "); " + rolledBack + ". Nothing was applied: check "
          + "what the change does to SSH, users or the network", e);
    }
  }
}
