package dev.nixinfra.providers.nix;

import dev.nixinfra.core.config.BuilderConfig;
import dev.nixinfra.core.config.Protocol;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One builder as a client's machines file names it: what {@link MachinesFile} renders into one line. Every text
 * component is checked against the characters that would break the line's whitespace-separated fields.
 *
 * @param builder the builder's name in nixinfra.yaml; names the ssh_config alias and the comment above the line
 * @param host DNS name, IPv4, or IPv6 with or without brackets
 * @param port SSH port; anything but 22 needs a port in the URI or an ssh_config alias
 * @param keyPath absolute path of the client's private key (field 3); must be readable by root
 * @param speedFactor greater than 0; rendered as a whole number for Nix before 2.20
 * @param supportedFeatures field 6 before the mandatory features are added to it
 * @param hostKey the builder's public host key line {@code <type> <base64>[ comment]}, not yet base64-encoded;
 *     empty leaves checking to root's known_hosts
 */
public record MachineEntry(
    String builder,
    Protocol protocol,
    String user,
    String host,
    int port,
    List<String> systems,
    String keyPath,
    int maxJobs,
    double speedFactor,
    List<String> supportedFeatures,
    List<String> mandatoryFeatures,
    Optional<String> hostKey) {

  public MachineEntry {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(hostKey, "hostKey");
    Fields.require(Fields.NAME, builder, "builder name");
    Fields.require(Fields.USER, user, "build user");
    Fields.require(Fields.HOST, host, "builder host");
    Fields.require(Fields.PATH, keyPath, "key path");
    systems = Fields.requireAll(Fields.SYSTEM, systems, "system");
    supportedFeatures = Fields.requireAll(Fields.FEATURE, supportedFeatures, "supported feature");
    mandatoryFeatures = Fields.requireAll(Fields.FEATURE, mandatoryFeatures, "mandatory feature");
    hostKey.ifPresent(k -> Fields.publicKey(k, "host key of " + builder));
    if (systems.isEmpty()) {
      throw new IllegalArgumentException(builder + ": a machine needs at least one system");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(builder + ": port " + port + " is not 1-65535");
    }
    if (maxJobs < 1) {
      throw new IllegalArgumentException(builder + ": max jobs must be at least 1, not " + maxJobs);
    }
    if (!(speedFactor > 0) || Double.isInfinite(speedFactor)) {
      throw new IllegalArgumentException(builder + ": speed factor must be a positive number, not " + speedFactor);
    }
  }

  /**
   * The entry for {@code builder} as configured, reached at {@code address} (its {@code host}, or a Hetzner
   * server's IPv4 once known).
   *
   * @param builderOwnFeatures the builder's own {@code system-features}, used when the config leaves
   *     {@code supported_features} out
   * @param hostKey the configured or pinned host key line
   * @param keyPath the client's {@code key_path}
   */
  public static MachineEntry forBuilder(BuilderConfig builder, String address, List<String> builderOwnFeatures,
      Optional<String> hostKey, String keyPath) {
    return new MachineEntry(builder.name(), builder.protocol(), builder.user(), address, builder.port(),
        builder.systems(), keyPath, builder.maxJobs(), builder.speedFactor(),
        builder.supportedFeatures().orElse(builderOwnFeatures), builder.mandatoryFeatures(), hostKey);
  }

  /** {@code ssh-ng} or {@code ssh}: the URI scheme. */
  public String scheme() {
    return protocol == Protocol.SSH_NG ? "ssh-ng" : "ssh";
  }

  /**
   * Field 6: the supported features followed by any mandatory feature not among them. NixOS and nix-darwin do the
   * same; a derivation must find all its required features in the machine's, and mandatory ones count.
   */
  public List<String> allSupportedFeatures() {
    LinkedHashSet<String> all = new LinkedHashSet<>(supportedFeatures);
    all.addAll(mandatoryFeatures);
    return List.copyOf(all);
  }
}
