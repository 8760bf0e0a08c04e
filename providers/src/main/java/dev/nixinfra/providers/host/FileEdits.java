package dev.nixinfra.providers.host;

import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.nix.ManagedBlock;
import dev.nixinfra.providers.nix.NixConfBlock;
import dev.nixinfra.providers.nixos.ModuleMarker;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.LineSink;
import dev.nixinfra.providers.ssh.Shell;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Writes and removes what nixinfra owns in files on one host, keeping everything else byte for byte.
 *
 * <p>The value of a {@code files} entry is either the whole file (for the files nixinfra owns: {@link #WHOLE}) or
 * nixinfra's managed block in a file it shares with the user, markers included, exactly as {@link ManagedBlock}
 * writes it into an empty file. The user's own lines are never part of it: nix.conf may hold secrets.
 *
 * <p>Before nixinfra first changes a shared file that exists, it copies it to {@code <path>.nixinfra-backup}
 * (once: an existing backup is never overwritten). Writes are atomic and keep the file's mode. Removing the block
 * gives back the file as it was; a file nixinfra created is deleted again, and the backup goes once it is no
 * longer different from the file.
 */
final class FileEdits {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Root's ssh_config drop-in with the Host aliases of builders on other ports. */
  static final String SSH_ALIASES = "/etc/ssh/ssh_config.d/nixinfra.conf";
  /** Files nixinfra owns whole besides its modules; every other path in {@code files} holds a managed block. */
  static final Set<String> WHOLE = Set.of(NixConfBlock.NIXINFRA_MACHINES, SSH_ALIASES);
  static final String BACKUP_SUFFIX = ".nixinfra-backup";

  /**
   * How to create a file that does not exist yet, and who owns it.
   *
   * @param mode octal mode of a new file; an existing file keeps its own
   * @param owner user to {@code chown} the file (and a directory nixinfra creates) to; empty for root
   * @param directoryMode mode of the parent directory when nixinfra creates it
   */
  record Spec(String mode, Optional<String> owner, String directoryMode) {
    static final Spec SYSTEM = new Spec("0644", Optional.empty(), "0755");
  }

  private final Connection connection;
  private final OperationContext context;

  FileEdits(Connection connection, OperationContext context) {
    this.connection = connection;
    this.context = context;
  }

  /** The files nixinfra owns whole: {@link #WHOLE}, and its NixOS and nix-darwin modules. */
  static boolean isWhole(String path) {
    return WHOLE.contains(path) || ModuleMarker.roleOf(path).isPresent();
  }

  /** The {@code files} value for a managed block holding {@code content}: the block with its markers. */
  static String block(String content) {
    return ManagedBlock.upsert("", content);
  }

  /** What nixinfra owns in {@code text} of the file at {@code path}, as {@code files} holds it; empty when gone. */
  static Optional<String> owned(String path, Optional<String> text) throws ProviderException {
    if (text.isEmpty() || isWhole(path)) {
      return text;
    }
    try {
      return ManagedBlock.read(text.get()).map(FileEdits::block);
    } catch (RuntimeException e) {
      throw new ProviderException(path + ": " + e.getMessage());
    }
  }

  Optional<String> read(String path) throws ProviderException {
    return connection.readFile(path, TIMEOUT);
  }

  /** What nixinfra owns in the file now; empty when the file or its block is gone. */
  Optional<String> readOwned(String path) throws ProviderException {
    return owned(path, read(path));
  }

  /**
   * Makes the file hold {@code value} (see the class comment).
   *
   * @return true when the file changed
   */
  boolean write(String path, String value, Spec spec) throws ProviderException {
    Optional<String> current = read(path);
    if (owned(path, current).equals(Optional.of(value))) {
      ensureOwner(path, spec);
      return false;
    }
    String text;
    if (isWhole(path)) {
      text = value;
    } else {
      String content = ManagedBlock.read(value).orElseThrow(() -> new IllegalArgumentException(
          path + ": the planned value is not a nixinfra block"));
      try {
        text = ManagedBlock.upsert(current.orElse(""), content);
      } catch (RuntimeException e) {
        throw new ProviderException(path + ": " + e.getMessage());
      }
      if (current.isPresent()) {
        backUp(path);
      }
    }
    String mode = current.isPresent() ? mode(path) : spec.mode();
    if (current.isEmpty()) {
      ensureDirectory(parent(path), spec);
    }
    context.say((current.isPresent() ? "updating " : "creating ") + path);
    connection.writeFileAtomically(path, text, mode, TIMEOUT);
    ensureOwner(path, spec);
    return true;
  }

  /**
   * Takes nixinfra's part out of the file: deletes a file nixinfra owns, removes the block from a shared one and
   * deletes the shared file too when nixinfra had created it (it is empty then and there is no backup).
   *
   * @return true when the file changed
   */
  boolean remove(String path) throws ProviderException {
    Optional<String> current = read(path);
    if (current.isEmpty()) {
      return false;
    }
    if (isWhole(path)) {
      context.say("deleting " + path);
      run("rm -f " + Shell.quote(path));
      return true;
    }
    String text;
    try {
      if (!ManagedBlock.isPresent(current.get())) {
        return false;
      }
      text = ManagedBlock.remove(current.get());
    } catch (RuntimeException e) {
      throw new ProviderException(path + ": " + e.getMessage());
    }
    Optional<String> backup = read(path + BACKUP_SUFFIX);
    if (text.isEmpty() && backup.isEmpty()) {
      context.say("deleting " + path + " (nixinfra created it)");
      run("rm -f " + Shell.quote(path));
      return true;
    }
    context.say("removing the nixinfra block from " + path);
    connection.writeFileAtomically(path, text, mode(path), TIMEOUT);
    if (backup.equals(Optional.of(text))) {
      // The file is as it was before nixinfra's first change: the backup says nothing more.
      run("rm -f " + Shell.quote(path + BACKUP_SUFFIX));
    }
    return true;
  }

  /**
   * Replaces the text of an existing shared file that nixinfra edits by other means than a block (the import in
   * a NixOS configuration.nix): backs it up first (once), writes atomically and keeps its mode. When the new text
   * equals the backup, the file is as it was before nixinfra's first change and the backup goes.
   */
  void replace(String path, String text) throws ProviderException {
    if (!text.equals(read(path).orElse(null))) {
      backUp(path);
      context.say("updating " + path);
      connection.writeFileAtomically(path, text, mode(path), TIMEOUT);
    }
    if (read(path + BACKUP_SUFFIX).equals(Optional.of(text))) {
      run("rm -f " + Shell.quote(path + BACKUP_SUFFIX));
    }
  }

  private void backUp(String path) throws ProviderException {
    String backup = path + BACKUP_SUFFIX;
    if (read(backup).isEmpty()) {
      context.say("backing up " + path + " to " + backup);
      run("cp -p " + Shell.quote(path) + " " + Shell.quote(backup));
    }
  }

  /** The file's permission bits as four octal digits. */
  private String mode(String path) throws ProviderException {
    String q = Shell.quote(path);
    String bits = run("stat -c %a " + q + " 2>/dev/null || stat -f %Lp " + q).strip();
    if (!bits.matches("[0-7]{3,4}")) {
      throw new ProviderException(connection.name() + ": cannot read the mode of " + path + ": '" + bits + "'");
    }
    return bits.length() == 3 ? "0" + bits : bits;
  }

  private void ensureDirectory(String dir, Spec spec) throws ProviderException {
    String q = Shell.quote(dir);
    if (run("test -d " + q + " && echo present || echo absent").strip().equals("present")) {
      return;
    }
    run("mkdir -p -m " + spec.directoryMode() + " " + q);
    if (spec.owner().isPresent()) {
      run("chown " + Shell.quote(spec.owner().get() + ":") + " " + q);
    }
  }

  private void ensureOwner(String path, Spec spec) throws ProviderException {
    if (spec.owner().isPresent()) {
      run("chown " + Shell.quote(spec.owner().get() + ":") + " " + Shell.quote(path));
    }
  }

  private String run(String command) throws ProviderException {
    return connection.run(command, TIMEOUT, LineSink.discard()).stdout();
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
