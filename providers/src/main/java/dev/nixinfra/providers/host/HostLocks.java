package dev.nixinfra.providers.host;

import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.Connection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One change of a host's system configuration at a time. Apply runs independent resources in parallel, and several
 * of them can live on one NixOS host (the tenants of a builder): each reads configuration.nix, adds its import,
 * writes it back and switches, so two at once would lose an import or switch over each other. The locks are per
 * host (by connection name) for the whole JVM, because a host is one machine whichever resource reaches it.
 */
final class HostLocks {
  private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  /** Work on a host's configuration. */
  interface Work {
    void run() throws ProviderException;
  }

  private HostLocks() {}

  /** Runs {@code work} while no other configuration change of {@code c}'s host runs. */
  static void exclusively(Connection c, Work work) throws ProviderException {
    ReentrantLock lock = LOCKS.computeIfAbsent(c.name(), k -> new ReentrantLock());
    lock.lock();
    try {
      work.run();
    } finally {
      lock.unlock();
    }
  }
}
