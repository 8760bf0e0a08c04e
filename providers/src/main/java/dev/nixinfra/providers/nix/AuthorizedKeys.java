package dev.nixinfra.providers.nix;

import dev.nixinfra.core.config.BuilderOs;
import dev.nixinfra.core.config.Protocol;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The build user's authorized_keys lines on a builder: one per client key, each pinned to the one program its
 * protocol needs (shared reference §3.2):
 *
 * <pre>
 * restrict,command="/run/current-system/sw/bin/nix-daemon --stdio" ssh-ed25519 AAAA... nixinfra@laptop
 * restrict,command="/nix/var/nix/profiles/default/bin/nix-store --serve --write" ssh-ed25519 AAAA... nixinfra@ci
 * </pre>
 *
 * <p>{@code restrict} turns off forwarding, PTYs and ~/.ssh/rc (so no {@code no-pty} etc. is needed; OpenSSH 7.2+).
 * The forced command ignores what the client asks to run, and an absolute path works where a non-interactive
 * shell has no Nix on PATH (macOS, plain installs). The user still needs a real login shell: sshd runs the command
 * with {@code $SHELL -c}.
 */
public final class AuthorizedKeys {
  /** Where NixOS links the system's Nix. */
  public static final String NIXOS_BIN = "/run/current-system/sw/bin";
  /** Where the upstream and Determinate installers put Nix, on Linux and macOS. */
  public static final String PROFILE_BIN = "/nix/var/nix/profiles/default/bin";

  private AuthorizedKeys() {}

  /** A client's public key as found in its {@code key_path.pub}; any comment in it is replaced by the client name. */
  public record ClientKey(String client, String publicKey) {
    public ClientKey {
      Fields.require(Fields.NAME, client, "client name");
      Fields.publicKey(publicKey, "public key of client " + client);
    }
  }

  /** The directory holding {@code nix-daemon} and {@code nix-store} on a builder running {@code os}. */
  public static String binDir(BuilderOs os) {
    return switch (os) {
      case NIXOS -> NIXOS_BIN;
      case NIX -> PROFILE_BIN;
    };
  }

  /** {@code <bin>/nix-daemon --stdio} for ssh-ng, {@code <bin>/nix-store --serve --write} for ssh. */
  public static String forcedCommand(Protocol protocol, String binDir) {
    Fields.require(Fields.PATH, binDir, "bin directory");
    String bin = binDir.endsWith("/") ? binDir : binDir + "/";
    return switch (protocol) {
      case SSH_NG -> bin + "nix-daemon --stdio";
      case SSH -> bin + "nix-store --serve --write";
    };
  }

  /** One line: options, key type, key, and {@code nixinfra@<client>} as the comment. No newline. */
  public static String line(Protocol protocol, String binDir, ClientKey key) {
    return line(forcedCommand(protocol, binDir), key);
  }

  private static String line(String command, ClientKey key) {
    String[] parts = Fields.publicKey(key.publicKey(), "public key of client " + key.client());
    return "restrict,command=\"" + command + "\" " + parts[0] + " " + parts[1] + " nixinfra@" + key.client();
  }

  /** The lines for {@code keys}, sorted by client so the text is stable, each ending in a newline. */
  public static String render(Protocol protocol, String binDir, List<ClientKey> keys) {
    Objects.requireNonNull(protocol, "protocol");
    return render(forcedCommand(protocol, binDir), keys);
  }

  /** The lines of a tenant's clients: each forced to serve the tenant's {@code store}. */
  public static String render(Protocol protocol, String binDir, TenantStore store, List<ClientKey> keys) {
    return render(store.forcedCommand(protocol, binDir), keys);
  }

  private static String render(String command, List<ClientKey> keys) {
    return keys.stream().sorted(Comparator.comparing(ClientKey::client))
        .map(k -> line(command, k) + "\n").collect(Collectors.joining());
  }
}
