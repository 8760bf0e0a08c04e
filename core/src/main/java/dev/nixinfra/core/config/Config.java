package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.SourceLocation;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A valid nixinfra.yaml, version 1. Made by {@link ConfigLoader}, which reports every problem with its place in
 * the file; the constructor re-checks only what later code relies on.
 *
 * @param file the config file as the user named it, for messages
 * @param stack the stack name, used in cloud labels and state
 * @param hetzner the top-level {@code hetzner:} block, when given
 * @param nixosInfect the reviewed nixos-infect version bootstraps run, when the configuration pins one
 * @param rebootTimeout {@code nixos_infect.reboot_timeout}: how long a bootstrap waits for the host to come back
 *     after its reboot, when the configuration says; positive and at most {@link NixosInfect#MAX_REBOOT_TIMEOUT}
 * @param builders by name
 * @param clients by name; every builder a client names is in {@link #builders()}
 */
public record Config(
    String file,
    String stack,
    StateSettings state,
    SshSettings ssh,
    Optional<HetznerSettings> hetzner,
    Optional<InfectPin> nixosInfect,
    Optional<Duration> rebootTimeout,
    SortedMap<String, BuilderConfig> builders,
    SortedMap<String, ClientConfig> clients,
    SourceLocation location) {
  public static final Pattern STACK = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  public Config {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(ssh, "ssh");
    Objects.requireNonNull(hetzner, "hetzner");
    Objects.requireNonNull(nixosInfect, "nixosInfect");
    Objects.requireNonNull(rebootTimeout, "rebootTimeout");
    rebootTimeout.ifPresent(d -> {
      if (d.isNegative() || d.isZero() || d.compareTo(NixosInfect.MAX_REBOOT_TIMEOUT) > 0) {
        throw new IllegalArgumentException("reboot timeout out of range: " + d);
      }
    });
    Objects.requireNonNull(location, "location");
    if (!STACK.matcher(stack).matches()) {
      throw new IllegalArgumentException("not a stack name: " + stack);
    }
    builders = Collections.unmodifiableSortedMap(new TreeMap<>(builders));
    clients = Collections.unmodifiableSortedMap(new TreeMap<>(clients));
    builders.forEach((n, b) -> {
      if (!n.equals(b.name())) {
        throw new IllegalArgumentException("builder " + b.name() + " filed under " + n);
      }
    });
    for (var e : clients.entrySet()) {
      if (!e.getKey().equals(e.getValue().name())) {
        throw new IllegalArgumentException("client " + e.getValue().name() + " filed under " + e.getKey());
      }
      for (String b : e.getValue().builders()) {
        if (!builders.containsKey(b)) {
          throw new IllegalArgumentException("client " + e.getKey() + " uses unknown builder " + b);
        }
      }
    }
    if (builders.isEmpty() && clients.isEmpty()) {
      throw new IllegalArgumentException("nothing to manage");
    }
  }
}
