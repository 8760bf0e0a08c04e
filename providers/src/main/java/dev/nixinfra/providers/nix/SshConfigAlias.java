package dev.nixinfra.providers.nix;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A root ssh_config {@code Host} block that lets a machines line name a builder whose port or address the store URI
 * cannot carry: before Nix 2.31 a URI has no port ({@code ssh-ng://b@h:2222} makes ssh look up the host
 * {@code h:2222}), and a pinned host key is written under the bare host name, which ssh does not match against
 * {@code [h]:2222}. {@code HostKeyAlias} makes ssh look the key up under the alias, which is the name Nix writes it
 * under. This is the pattern of nix-darwin's linux-builder.
 *
 * <p>The block belongs in a file root's ssh reads, such as {@code /etc/ssh/ssh_config.d/nixinfra.conf}: the client's
 * nix-daemon runs ssh as root.
 *
 * @param alias the name the machines line uses instead of the host, {@link #aliasFor(String) nixinfra-<builder>}
 * @param hostName the real host; IPv6 without brackets
 */
public record SshConfigAlias(String alias, String hostName, int port) {
  private static final String PREFIX = "nixinfra-";

  public SshConfigAlias {
    Objects.requireNonNull(alias, "alias");
    Fields.require(Fields.NAME, alias, "ssh alias");
    hostName = Fields.bare(Fields.require(Fields.HOST, hostName, "alias host"));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not 1-65535");
    }
  }

  /** The alias of {@code builder}'s host: {@code nixinfra-<builder>}, unique per builder and clearly ours. */
  public static String aliasFor(String builder) {
    return PREFIX + Fields.require(Fields.NAME, builder, "builder name");
  }

  /** The alias block for {@code builder} reached at {@code host}:{@code port}. */
  public static SshConfigAlias forBuilder(String builder, String host, int port) {
    return new SshConfigAlias(aliasFor(builder), host, port);
  }

  /**
   * The block, each line ending in a newline:
   *
   * <pre>
   * Host nixinfra-office
   *   HostName build.acme.example
   *   Port 2222
   *   HostKeyAlias nixinfra-office
   * </pre>
   */
  public String render() {
    return "Host " + alias + "\n"
        + "  HostName " + hostName + "\n"
        + "  Port " + port + "\n"
        + "  HostKeyAlias " + alias + "\n";
  }

  /** The blocks, separated by an empty line; empty text for none. */
  public static String renderAll(List<SshConfigAlias> aliases) {
    return aliases.stream().map(SshConfigAlias::render).collect(Collectors.joining("\n"));
  }
}
