package dev.nixinfra.providers.ssh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** File operations as shell commands, shared by the SSH and the local connection; they differ only in {@link #exec}. */
abstract class AbstractConnection implements Connection {
  /** Exit status {@link #readFile} uses for "no such file"; cat itself only exits 0 or 1. */
  private static final int MISSING = 66;
  private static final Pattern MODE = Pattern.compile("0?[0-7]{3}");

  /** How a command ended, before it is judged. {@code exitStatus} is -1 when there was none. */
  record Outcome(int exitStatus, boolean timedOut, String signal, LineCollector stdout, LineCollector stderr) {}

  /**
   * Runs {@code command} with {@code stdin} (null for none, then stdin is closed at once), streaming lines to
   * {@code out}; kills it when {@code timeout} passes.
   */
  abstract Outcome exec(String command, byte[] stdin, Duration timeout, LineSink out) throws SshTransportException;

  @Override
  public CommandResult run(String command, Duration timeout, LineSink out)
      throws RemoteCommandException, SshTransportException {
    return judge(command, exec(checkCommand(command), null, checkTimeout(timeout), Objects.requireNonNull(out)));
  }

  @Override
  public Optional<String> readFile(String path, Duration timeout)
      throws RemoteCommandException, SshTransportException {
    String q = Shell.quote(checkPath(path));
    String command = "if [ -e " + q + " ]; then cat -- " + q + "; else exit " + MISSING + "; fi";
    Outcome o = exec(command, null, checkTimeout(timeout), LineSink.discard());
    if (o.exitStatus() == MISSING && !o.timedOut()) {
      return Optional.empty();
    }
    return Optional.of(judge(command, o).stdout());
  }

  @Override
  public void writeFileAtomically(String path, String content, String mode, Duration timeout)
      throws RemoteCommandException, SshTransportException {
    Objects.requireNonNull(content, "content");
    if (mode == null || !MODE.matcher(mode).matches()) {
      throw new IllegalArgumentException("a file mode must be octal like 0644, not " + mode);
    }
    String q = Shell.quote(checkPath(path));
    int slash = path.lastIndexOf('/');
    String dir = slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
    String base = path.substring(slash + 1);
    String template = Shell.quote((dir.equals("/") ? "" : dir) + "/." + base + ".nixinfra.XXXXXX");
    // The temporary file sits in the target's directory so that mv is a rename on one file system. sync with a
    // file argument fsyncs just that file (coreutils 8.24+); older or busybox sync falls back to a full sync.
    String command = "set -e; t=$(mktemp " + template + "); trap 'rm -f \"$t\"' EXIT; "
        + "cat > \"$t\"; chmod " + mode + " \"$t\"; sync \"$t\" 2>/dev/null || sync; mv -f \"$t\" " + q
        + "; trap - EXIT";
    judge(command, exec(command, content.getBytes(StandardCharsets.UTF_8), checkTimeout(timeout),
        LineSink.discard()));
  }

  private CommandResult judge(String command, Outcome o) throws RemoteCommandException {
    if (o.timedOut()) {
      throw new RemoteCommandException(name(), command, -1, true, "did not finish in time and was killed",
          o.stderr().tail());
    }
    if (o.exitStatus() == 0) {
      return new CommandResult(0, o.stdout().text(), o.stderr().text());
    }
    String outcome = o.exitStatus() >= 0 ? "failed with exit status " + o.exitStatus()
        : o.signal() != null ? "was killed by signal " + o.signal() : "ended without an exit status";
    throw new RemoteCommandException(name(), command, o.exitStatus(), false, outcome, o.stderr().tail());
  }

  private static String checkCommand(String command) {
    Objects.requireNonNull(command, "command");
    if (command.isBlank()) {
      throw new IllegalArgumentException("the command is empty");
    }
    return command;
  }

  private static String checkPath(String path) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty() || path.endsWith("/")) {
      throw new IllegalArgumentException("not a file path: '" + path + "'");
    }
    return path;
  }

  private static Duration checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a command timeout must be positive, not " + timeout);
    }
    return timeout;
  }
}
