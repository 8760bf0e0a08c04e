/**
 * Runs the steps' shell commands on hosts: over SSH ({@link dev.nixinfra.providers.ssh.SshTransport}, one
 * MINA SSHD client and one session per host, host keys always checked) or on this machine
 * ({@link dev.nixinfra.providers.ssh.LocalRunner}), both behind {@link dev.nixinfra.providers.ssh.Connection}.
 *
 * <p>Limits: keys with a passphrase are only usable through ssh-agent; the agent is reached through Java's unix
 * domain sockets and is not forwarded; of {@code ~/.ssh/config} only {@code HostName}, {@code Port},
 * {@code User} and {@code IdentityFile} are used ({@code ProxyJump} and the rest are ignored).
 */
package dev.nixinfra.providers.ssh;
