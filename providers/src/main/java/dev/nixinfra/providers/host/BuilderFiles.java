package dev.nixinfra.providers.host;

import dev.nixinfra.core.config.Protocol;
import dev.nixinfra.core.config.Tuning;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.providers.nix.AuthorizedKeys;
import dev.nixinfra.providers.nix.NixConfBlock;
import dev.nixinfra.providers.nix.NixVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders the files of a builder ({@code os: nix}) from its planned values: the nix.conf block (trust, jobs,
 * tuning, system features) and the build user's authorized_keys block. Pure: plan and apply call it with the same
 * inputs and get the same text, so the state apply records equals what plan showed and refresh reads back.
 */
final class BuilderFiles {
  static final String DEFAULT_USER = "remotebuild";

  private BuilderFiles() {}

  /**
   * What the rendering needs to know of the host; an empty one means not known yet.
   *
   * @param nixConfTarget the file that gets the nix.conf block
   * @param home the build user's home (existing, or the one nixinfra will create)
   */
  record Host(Optional<NixVersion> version, Optional<List<String>> ownFeatures, String nixConfTarget, String home) {}

  static String user(Map<String, Object> planned) {
    return Values.string(planned, "user", DEFAULT_USER);
  }

  static String authorizedKeysPath(String home) {
    return (home.endsWith("/") ? home : home + "/") + ".ssh/authorized_keys";
  }

  /** Path to content; a content is {@link Unknown#VALUE} when one of its inputs is not known yet. */
  static Map<String, Object> render(Map<String, Object> planned, Host host) {
    Map<String, Object> files = new TreeMap<>();
    files.put(host.nixConfTarget(), nixConf(planned, host).<Object>map(FileEdits::block).orElse(Unknown.VALUE));
    files.put(authorizedKeysPath(host.home()),
        authorizedKeys(planned).<Object>map(FileEdits::block).orElse(Unknown.VALUE));
    return files;
  }

  private static Optional<String> nixConf(Map<String, Object> planned, Host host) {
    Optional<List<String>> supported = Values.strings(planned, "supported_features");
    Optional<List<String>> mandatory = Values.strings(planned, "mandatory_features");
    if (host.version().isEmpty() || host.ownFeatures().isEmpty() || supported.isEmpty() || mandatory.isEmpty()) {
      return Optional.empty();
    }
    Tuning tuning = new Tuning(Values.integer(planned, "min_free"), Values.integer(planned, "max_free"),
        Values.integer(planned, "cores"), Optional.empty(), Optional.empty());
    return Optional.of(NixConfBlock.forBuilder(user(planned), (int) Values.integer(planned, "max_jobs", 1), tuning,
        host.ownFeatures().get(), supported.get(), mandatory.get(), host.version().get()));
  }

  private static Optional<String> authorizedKeys(Map<String, Object> planned) {
    Optional<List<String>> keys = Values.strings(planned, "authorized_keys");
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    List<AuthorizedKeys.ClientKey> clientKeys = new ArrayList<>();
    for (int i = 0; i < keys.get().size(); i++) {
      String key = keys.get().get(i);
      clientKeys.add(new AuthorizedKeys.ClientKey(clientName(key, i), key));
    }
    if (!(planned.get("nix_daemon") instanceof String daemon) || daemon.lastIndexOf('/') <= 0) {
      return Optional.empty(); // the forced command names nix-daemon by its absolute path, read from the builder
    }
    String binDir = daemon.substring(0, daemon.lastIndexOf('/'));
    return Optional.of(AuthorizedKeys.render(protocol(planned), binDir, clientKeys));
  }

  /** The client a key belongs to: nixinfra generates keys with the comment {@code nixinfra@<client>}. */
  static String clientName(String publicKey, int index) {
    String[] parts = publicKey.strip().split("\\s+", 3);
    if (parts.length == 3 && parts[2].startsWith("nixinfra@")
        && parts[2].substring(9).matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
      return parts[2].substring(9);
    }
    return "client-" + (index + 1);
  }

  static Protocol protocol(Map<String, Object> values) {
    String wire = Values.string(values, "protocol", Protocol.SSH_NG.wire());
    for (Protocol p : Protocol.values()) {
      if (p.wire().equals(wire)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown protocol '" + wire + "'");
  }
}
