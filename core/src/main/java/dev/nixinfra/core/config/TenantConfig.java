package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.SourceLocation;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One entry of a builder's {@code tenants:}: a user of the builder with its own SSH user, keys and Nix store, which
 * its clients reach through their machines entries and no other client does.
 *
 * @param name the tenant's name, unique on its builder
 * @param user the SSH user the tenant's clients log in as; it owns {@link #store()}
 * @param store the root of the tenant's store: its paths live under {@code <store>/nix/store}, logically
 *     {@code /nix/store}
 * @param clients the clients that build through this tenant, sorted
 * @param maxJobs builds each of the tenant's clients sends at once (its machines entry)
 * @param tuning garbage collection and cores of the tenant's daemon, the builder's where the tenant sets none
 * @param location the tenant's name key in the YAML
 */
public record TenantConfig(
    String name,
    String user,
    String store,
    List<String> clients,
    int maxJobs,
    Tuning tuning,
    SourceLocation location) {
  /** Tenant names become part of user names, paths and resource names. */
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,22}");
  public static final String STORE_PARENT = "/var/lib/nixinfra/tenants/";
  /** Nix's GC socket, {@code <store>/nix/var/nix/gc-socket/socket}, must fit a Unix socket path (107 bytes). */
  public static final int MAX_STORE_LENGTH = 70;

  public TenantConfig {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(tuning, "tuning");
    Objects.requireNonNull(location, "location");
    if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
      throw new IllegalArgumentException("not a tenant name: " + name);
    }
    TreeSet<String> sorted = new TreeSet<>(clients);
    if (sorted.size() != clients.size() || clients.isEmpty()) {
      throw new IllegalArgumentException(name + ": clients must be distinct and non-empty");
    }
    clients = List.copyOf(sorted);
    if (!store.startsWith("/") || store.equals("/") || store.length() > MAX_STORE_LENGTH || maxJobs < 1
        || user.equals("root")) {
      throw new IllegalArgumentException(name + ": store, max_jobs or user invalid");
    }
  }

  public static String defaultUser(String tenant) {
    return "nixinfra-" + tenant;
  }

  public static String defaultStore(String tenant) {
    return STORE_PARENT + tenant;
  }

  /** The resource name of the tenant on {@code builder}: {@code <builder>-<tenant>}. */
  public static String resourceName(String builder, String tenant) {
    return builder + "-" + tenant;
  }
}
