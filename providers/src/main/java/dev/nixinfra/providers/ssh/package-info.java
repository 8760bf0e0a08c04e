/**
 * Runs the steps' shell commands on hosts: over SSH ({@link dev.nixinfra.providers.ssh.SshTransport}, one
 * MINA SSHD client and one session per host, host keys always checked) or on this machine
 * ({@link dev.nixinfra.providers.ssh.LocalRunner}), both behind {@link dev.nixinfra.providers.ssh.Connection}.
 *
 * <p>Limits: keys with a passphrase work only through ssh-agent ({@code SSH_AUTH_SOCK}), which is reached over
 * Java's unix domain sockets and never forwarded; of {@code ~/.ssh/config} only {@code HostName}, {@code Port},
 * {@code User} and {@code IdentityFile} apply ({@code ProxyJump} and the rest are ignored).
 */
package dev.nixinfra.providers.ssh;
