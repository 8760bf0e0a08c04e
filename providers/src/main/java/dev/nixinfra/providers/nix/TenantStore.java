package dev.nixinfra.providers.nix;

import dev.nixinfra.core.config.Protocol;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a tenant's forced command serves: the Nix store rooted at {@link #root()} instead of the builder's shared
 * one, with the tenant's own garbage collection and cores (shared reference §4, option 1):
 *
 * <pre>
 * /usr/bin/nix-daemon --stdio --store /var/lib/nixinfra/tenants/alice --option min-free 1073741824 ...
 * </pre>
 *
 * <p>{@code nix-daemon --stdio} with a local store opens that store itself (as the tenant's user, who owns the
 * root) instead of forwarding to the shared daemon, and serves it as trusted, because only the forced command
 * reaches it. Its paths are still {@code /nix/store/...} to clients and binary caches, but live under
 * {@code <root>/nix/store}; Nix builds into such a store only in Linux's build sandbox, which sees just that store.
 * Settings given with {@code --option} apply to that daemon alone, so {@code min-free}/{@code max-free} make it
 * collect garbage in the tenant's store, never in another's.
 *
 * @param root absolute path of the store's root directory
 */
public record TenantStore(String root, Optional<Long> minFree, Optional<Long> maxFree, Optional<Long> cores) {
  /** Characters that need no quoting in a shell word, nor escaping inside authorized_keys' {@code command="..."}. */
  private static final Pattern ROOT = Pattern.compile("/[A-Za-z0-9_./-]*[A-Za-z0-9_-]");

  public TenantStore {
    Objects.requireNonNull(root, "root");
    Fields.require(ROOT, root, "tenant store root");
    if (root.startsWith("/nix/") || root.contains("/../") || root.contains("/./")) {
      throw new IllegalArgumentException("tenant store root must be a plain directory outside /nix: " + root);
    }
    for (Optional<Long> n : java.util.List.of(minFree, maxFree, cores)) {
      if (Objects.requireNonNull(n, "setting").orElse(0L) < 0) {
        throw new IllegalArgumentException("tenant daemon settings must not be negative");
      }
    }
  }

  /** The arguments after the program's own ({@code --stdio}, {@code --serve --write}), starting with a space. */
  public String arguments() {
    StringBuilder s = new StringBuilder(" --store ").append(root);
    minFree.ifPresent(v -> s.append(" --option min-free ").append(v));
    maxFree.ifPresent(v -> s.append(" --option max-free ").append(v));
    cores.ifPresent(v -> s.append(" --option cores ").append(v));
    return s.toString();
  }

  /** The forced command of a tenant's key for {@code protocol}, with nix-daemon or nix-store from {@code binDir}. */
  public String forcedCommand(Protocol protocol, String binDir) {
    return AuthorizedKeys.forcedCommand(protocol, binDir) + arguments();
  }
}
