package dev.nixinfra.cli.lab;

/**
 * One fake host of a {@link FleetLab}: reachable with the real OpenSSH client at {@code address:port} as root with
 * {@link FleetLab#adminKey()}; {@code hostKey} is root's sshd host key, one line ({@code ssh-ed25519 AAAA… root@host1}),
 * the same line {@link FleetLab#knownHosts()} holds for {@code address}.
 */
public record LabHost(String name, String address, int port, String hostKey) {}
