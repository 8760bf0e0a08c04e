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
 * Applies and deletes the module of a NixOS builder ({@code os: nixos}) or client ({@code kind: nixos}), or of a
 * nix-darwin client ({@code kind: nix-darwin}), whose {@code files} {@link NixosFiles} renders: writes the module
 * (owned whole), adds its import to the system's configuration.nix ({@code /etc/nixos/configuration.nix},
 * {@code /etc/nix-darwin/configuration.nix}; backed up once first), and switches ({@code nixos-rebuild switch},
 * {@code darwin-rebuild switch}). Which system it is follows from the configuration.nix key of {@code files}
 * ({@link ModuleSystem#of}).
 *
 * <p>A switch can break SSH (users, keys, sshd), so after it nixinfra logs in again on a fresh connection
 * ({@link HostAccess#reconnect}) and runs {@code true}. If that fails, it runs the switch with {@code --rollback} on
 * the connection it still has, puts configuration.nix and the module back as they were, and fails: a bad change
 * never locks nixinfra out. A flake-based configuration is not edited and not switched: the module is written;
 * while the flake does not name it, apply fails with the import line the user adds ({@link ImportLine#flakeGuidance},
 * {@link ImportLine#darwinFlakeGuidance}); once it does, apply records it and leaves the switch to the user, and
 * {@code check} tells whether the module is active.
 */
final class NixosOperations {
  static final Duration SWITCH_TIMEOUT = Duration.ofMinutes(30);

  private final HostAccess access;
  private final OperationContext context;

  NixosOperations(HostAccess access, OperationContext context) {
    this.access = access;
    this.context = context;
  }

  /**
   * Makes the host hold {@code files} (planned with facts read at apply) and switches when anything changed; one
   * such change of a host at a time ({@link HostLocks}).
   */
  void apply(Address address, Attributes attributes, Connection c, Map<String, Object> files)
      throws ProviderException {
    HostLocks.exclusively(c, () -> applyNow(address, attributes, c, files));
  }

  private void applyNow(Address address, Attributes attributes, Connection c, Map<String, Object> files)
      throws ProviderException {
    ModuleSystem system = ModuleSystem.of(files).orElseThrow();
    String configurationNix = system.configurationNix();
    String module = NixosFiles.moduleOf(files.get(system.importKey(files))).orElseThrow();
    String modulePath = system.modulePath(module);
    if (!(files.get(modulePath) instanceof String moduleText)) {
      throw new ProviderException(address + ": the content of " + modulePath
          + " is still unknown at apply; this is a bug in the nix provider");
    }
    FileEdits edits = new FileEdits(c, context);
    Optional<String> flake = c.readFile(system.flakeNix(), HostFacts.TIMEOUT);
    if (flake.isPresent()) {
      boolean changed = edits.write(modulePath, moduleText, FileEdits.Spec.SYSTEM);
      if (!ImportLine.mentions(flake.get(), module)) {
        throw new ProviderException(address + " on " + c.name() + ": " + system.flakeGuidance().apply(module));
      }
      if (changed) {
        context.say(system.flakeNix() + " imports " + module + ", and nixinfra leaves switching a flake to you: run "
            + system.flakeSwitchCommand() + " on " + c.name() + " to activate it; "
            + "nixinfra check tells whether it is active");
      }
      return;
    }
    String before = c.readFile(configurationNix, HostFacts.TIMEOUT).orElseThrow(() ->
        new ProviderException(address + " on " + c.name() + ": " + configurationNix + " does not exist; "
            + system.missingConfiguration().apply(ImportLine.importLine(module))));
    String after = edit(address, c, configurationNix, () -> ImportLine.add(before, module));
    Optional<String> previousModule = edits.read(modulePath);
    boolean changed = edits.write(modulePath, moduleText, FileEdits.Spec.SYSTEM); // before the import names it
    if (!after.equals(before)) {
      context.say("importing " + module + " in " + configurationNix);
      edits.replace(configurationNix, after);
      changed = true;
    }
    if (changed) {
      switchSafely(system, address, attributes, c, () -> {
        edits.replace(configurationNix, before);
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
    HostLocks.exclusively(c, () -> deleteNow(address, attributes, c, files));
  }

  private void deleteNow(Address address, Attributes attributes, Connection c, Map<String, Object> files)
      throws ProviderException {
    ModuleSystem system = ModuleSystem.of(files).orElseThrow();
    String configurationNix = system.configurationNix();
    FileEdits edits = new FileEdits(c, context);
    if (files.containsKey(system.flakeNix())) {
      deleteFromFlake(system, c, files, edits);
      return;
    }
    Optional<String> module = NixosFiles.moduleOf(files.get(configurationNix));
    boolean changed = false;
    Optional<String> before = c.readFile(configurationNix, HostFacts.TIMEOUT);
    if (module.isPresent() && before.isPresent()) {
      String after = edit(address, c, configurationNix, () -> ImportLine.remove(before.get(), module.get()));
      if (!after.equals(before.get())) {
        context.say("removing the import of " + module.get() + " from " + configurationNix);
        edits.replace(configurationNix, after); // drops the backup once it says nothing more
        changed = true;
      }
    }
    for (String path : files.keySet()) {
      if (!path.equals(configurationNix)) {
        changed |= edits.remove(path);
      }
    }
    if (changed && c.readFile(system.flakeNix(), HostFacts.TIMEOUT).isEmpty()) {
      switchSafely(system, address, attributes, c, () -> {});
    }
  }

  /**
   * A flake that still imports the module would no longer evaluate without its file, so the module is emptied
   * rather than removed, and the user is told to drop the import and switch; otherwise it is removed. nixinfra
   * never switches a flake.
   */
  private void deleteFromFlake(ModuleSystem system, Connection c, Map<String, Object> files, FileEdits edits)
      throws ProviderException {
    String module = NixosFiles.moduleOf(files.get(system.flakeNix())).orElseThrow();
    String modulePath = system.modulePath(module);
    Optional<String> flake = c.readFile(system.flakeNix(), HostFacts.TIMEOUT);
    if (flake.isPresent() && ImportLine.mentions(flake.get(), module)) {
      edits.write(modulePath, EMPTY_MODULE, FileEdits.Spec.SYSTEM);
      context.say(system.flakeNix() + " still imports " + module + ", so nixinfra left it empty instead of removing "
          + "it: remove " + module + " from your flake, then run " + system.flakeSwitchCommand()
          + " on " + c.name() + " (and delete the file)");
    } else {
      edits.remove(modulePath);
    }
  }

  /** What a flake-imported module becomes on destroy: nothing, so that the flake still evaluates. */
  static final String EMPTY_MODULE = "# Emptied by nixinfra on destroy: remove its import from your flake, then this "
      + "file.\n{ ... }: { }\n";

  private interface Revert {
    void run() throws ProviderException;
  }

  private interface Edit {
    String apply();
  }

  private static String edit(Address address, Connection c, String path, Edit edit) throws ProviderException {
    try {
      return edit.apply();
    } catch (UneditableConfigurationException e) {
      throw new ProviderException(address + " on " + c.name() + ": " + path + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ProviderException(address + " on " + c.name() + ": cannot read " + path + ": " + e.getMessage());
    }
  }

  /**
   * The system's switch (output streamed), then a login on a fresh connection. When that login fails: rollback on
   * the connection still open, {@code revert} the files, and fail.
   */
  private void switchSafely(ModuleSystem system, Address address, Attributes attributes, Connection c,
      Revert revert) throws ProviderException {
    String switchCommand = system.switchCommand();
    String rollback = system.rollbackCommand();
    context.say("running " + switchCommand + " on " + c.name());
    try {
      c.run(system.shell().apply(switchCommand), SWITCH_TIMEOUT, HostOutput.to(context, c));
    } catch (ProviderException e) {
      throw new ProviderException(address + " on " + c.name() + ": " + switchCommand + " failed: " + e.getMessage()
          + "; see its output above. The system was not switched to the new configuration.", e);
    }
    try {
      access.reconnect(address, attributes).run("true", HostFacts.TIMEOUT, LineSink.discard());
      return;
    } catch (ProviderException e) {
      context.say(c.name() + ": cannot log in again after the switch (" + e.getMessage() + "); rolling back");
      String rolledBack;
      try {
        c.run(system.shell().apply(rollback), SWITCH_TIMEOUT, HostOutput.to(context, c));
        revert.run();
        rolledBack = "nixinfra rolled the system back (" + rollback + ") and restored "
            + system.configurationNix() + " and its module as they were";
      } catch (ProviderException r) {
        rolledBack = "the rollback failed too (" + r.getMessage() + "); on the console, run " + rollback;
      }
      throw new ProviderException(address + " on " + c.name() + ": after " + switchCommand + ", nixinfra could not log "
          + "in on a new SSH connection (" + e.getMessage() + "); " + rolledBack + ". Nothing was applied: check "
          + "what the change does to SSH, users or the network", e);
    }
  }
}
