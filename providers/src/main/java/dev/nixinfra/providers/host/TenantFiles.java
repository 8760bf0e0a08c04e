package dev.nixinfra.providers.host;

import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.providers.nix.AuthorizedKeys;
import dev.nixinfra.providers.nix.TenantStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders the files of a tenant on a builder with {@code os: nix} from its planned values: the authorized_keys
 * block of the tenant's user, one line per client key, each forced to serve the tenant's store
 * ({@link TenantStore}). Pure, like {@link BuilderFiles}.
 */
final class TenantFiles {
  private TenantFiles() {}

  static String user(Map<String, Object> planned) {
    return Values.string(planned, "user").orElseThrow(() -> new IllegalArgumentException("a tenant has a user"));
  }

  static TenantStore store(Map<String, Object> planned) {
    return new TenantStore(Values.string(planned, "store").orElseThrow(), Values.integer(planned, "min_free"),
        Values.integer(planned, "max_free"), Values.integer(planned, "cores"));
  }

  /** Path to content; the content is {@link Unknown#VALUE} while a client key or nix-daemon's path is unknown. */
  static Map<String, Object> render(Map<String, Object> planned, String home) {
    Map<String, Object> files = new TreeMap<>();
    files.put(BuilderFiles.authorizedKeysPath(home),
        authorizedKeys(planned).<Object>map(FileEdits::block).orElse(Unknown.VALUE));
    return files;
  }

  /** The lines of the tenant's keys; empty while a key or the path of nix-daemon is not known. */
  static Optional<String> authorizedKeys(Map<String, Object> planned) {
    Optional<List<String>> keys = Values.strings(planned, "authorized_keys");
    if (keys.isEmpty() || !(planned.get("nix_daemon") instanceof String daemon) || daemon.lastIndexOf('/') <= 0) {
      return Optional.empty();
    }
    List<AuthorizedKeys.ClientKey> clientKeys = new ArrayList<>();
    for (int i = 0; i < keys.get().size(); i++) {
      clientKeys.add(new AuthorizedKeys.ClientKey(BuilderFiles.clientName(keys.get().get(i), i), keys.get().get(i)));
    }
    return Optional.of(AuthorizedKeys.render(BuilderFiles.protocol(planned), daemon.substring(0,
        daemon.lastIndexOf('/')), store(planned), clientKeys));
  }
}
