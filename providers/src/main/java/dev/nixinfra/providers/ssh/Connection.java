package dev.nixinfra.providers.ssh;

import java.time.Duration;
import java.util.Optional;

/**
 * Runs shell commands on one host, over SSH ({@link SshTransport#connect}) or on this machine
 * ({@link LocalRunner}). Commands are {@code sh} command lines; quote values with {@link Shell#quote}.
 * Thread-safe: several commands may run at once. Connections from {@link SshTransport} are shared per target
 * and closed by the transport; {@link #close()} on them does nothing.
 */
public interface Connection extends AutoCloseable {
  /** The host as shown in messages: the target's name, or {@code local}. */
  String name();

  /**
   * Runs {@code command}, streams its stdout and stderr lines to {@code out} as they arrive, and waits for it.
   *
   * @throws RemoteCommandException when it exits non-zero, is killed, or runs longer than {@code timeout} (it
   *     is then killed: the SSH channel closed, the local process destroyed)
   * @throws SshTransportException when the connection fails
   */
  CommandResult run(String command, Duration timeout, LineSink out)
      throws RemoteCommandException, SshTransportException;

  /** The content of the file at {@code path} (UTF-8), or empty when it does not exist. */
  Optional<String> readFile(String path, Duration timeout) throws RemoteCommandException, SshTransportException;

  /**
   * Replaces the file at {@code path} with {@code content} atomically: writes a temporary file in the same
   * directory, syncs it, sets {@code mode} (octal, for example {@code 0644}), then renames it over
   * {@code path}. Readers see the old or the new file, never a part. The content travels on stdin, so it
   * needs no quoting. The directory must exist.
   */
  void writeFileAtomically(String path, String content, String mode, Duration timeout)
      throws RemoteCommandException, SshTransportException;

  /** The host key the server offered, as an OpenSSH line; empty for the local machine. */
  Optional<String> hostKey();

  @Override
  void close();
}
