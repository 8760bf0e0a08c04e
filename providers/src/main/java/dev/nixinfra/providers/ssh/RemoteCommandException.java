package dev.nixinfra.providers.ssh;

import dev.nixinfra.core.provider.ProviderException;
import java.util.List;
import java.util.Objects;

/**
 * A command ran and failed: it exited non-zero, was killed by a signal, or ran into its timeout and was killed.
 * The message names the host, the command, the outcome and ends with the last stderr lines.
 */
public final class RemoteCommandException extends ProviderException {
  /** How many stderr lines the exception keeps. */
  public static final int STDERR_TAIL = 20;

  private final String host;
  private final String command;
  private final int exitStatus;
  private final boolean timedOut;
  private final transient List<String> stderrTail;

  public RemoteCommandException(String host, String command, int exitStatus, boolean timedOut, String outcome,
      List<String> stderrTail) {
    super(message(host, command, outcome, stderrTail));
    this.host = Objects.requireNonNull(host, "host");
    this.command = Objects.requireNonNull(command, "command");
    this.exitStatus = exitStatus;
    this.timedOut = timedOut;
    this.stderrTail = List.copyOf(stderrTail);
  }

  public String host() {
    return host;
  }

  public String command() {
    return command;
  }

  /** The exit status, or -1 when there was none (killed by a signal, timed out, connection lost). */
  public int exitStatus() {
    return exitStatus;
  }

  /** Whether the command ran into its timeout and was killed. */
  public boolean timedOut() {
    return timedOut;
  }

  /** The last (at most {@link #STDERR_TAIL}) lines the command wrote to stderr. */
  public List<String> stderrTail() {
    return stderrTail;
  }

  private static String message(String host, String command, String outcome, List<String> tail) {
    String shown = command.length() > 200 ? command.substring(0, 200) + "..." : command;
    StringBuilder sb = new StringBuilder().append(host).append(": '").append(shown).append("' ").append(outcome);
    if (tail.isEmpty()) {
      sb.append(" (no stderr output)");
    } else {
      sb.append("; last stderr lines:");
      tail.forEach(l -> sb.append("\n  ").append(l));
    }
    return sb.toString();
  }
}
