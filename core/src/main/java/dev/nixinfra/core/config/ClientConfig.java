package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.SourceLocation;
import dev.nixinfra.core.model.Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One entry of {@code clients:}: a machine whose nix-daemon offloads builds to builders.
 *
 * @param host {@code local} for the machine nixinfra runs on, else a host name or address
 * @param builders the builders it uses, sorted by name, with {@code all} already expanded
 * @param allBuilders the config said {@code builders: all}
 * @param maxJobs builds it runs itself; empty leaves the client's own setting
 * @param keyPath absolute path of the client's private key for logging in to builders
 * @param hostKey the client's SSH host key, pinned in the configuration (else {@code ssh.known_hosts} decides)
 * @param restartCommand restarts the client's nix daemon, when not its service manager's
 * @param location the client's name key in the YAML
 */
public record ClientConfig(
    String name,
    ClientKind kind,
    String host,
    int port,
    List<String> builders,
    boolean allBuilders,
    Optional<Integer> maxJobs,
    boolean buildersUseSubstitutes,
    String keyPath,
    Optional<String> hostKey,
    Optional<String> restartCommand,
    SourceLocation location) {
  public static final String LOCAL = "local";
  public static final String DEFAULT_KEY_PATH = "/etc/nix/nixinfra_ed25519";

  public ClientConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(maxJobs, "maxJobs");
    Objects.requireNonNull(keyPath, "keyPath");
    Objects.requireNonNull(hostKey, "hostKey");
    Objects.requireNonNull(restartCommand, "restartCommand");
    Objects.requireNonNull(location, "location");
    if (!Address.isValidName(name)) {
      throw new IllegalArgumentException("not a client name: " + name);
    }
    TreeSet<String> sorted = new TreeSet<>(builders);
    if (sorted.size() != builders.size() || (builders.isEmpty() && !allBuilders)) {
      throw new IllegalArgumentException(name + ": builders must be distinct and, unless all, non-empty");
    }
    builders = List.copyOf(sorted);
    if (port < 1 || port > 65535 || maxJobs.orElse(0) < 0 || !keyPath.startsWith("/")) {
      throw new IllegalArgumentException(name + ": port, max_jobs or key_path invalid");
    }
  }

  public boolean isLocal() {
    return host.equals(LOCAL);
  }
}
