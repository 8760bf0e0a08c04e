package dev.nixinfra.core.config;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keys that builders and clients share about reaching the machine: its pinned host key, its daemon restart. */
final class MachineAccess {
  static final Pattern HOST_KEY = Pattern.compile("([a-z0-9@.-]+) ([A-Za-z0-9+/]+={0,3})( .*)?");

  private MachineAccess() {}

  /** {@code host_key}, when given and shaped like an OpenSSH public key; otherwise reported. */
  static Optional<String> hostKey(YamlContext ctx, YamlMap m) {
    return m.string("host_key").filter(k -> {
      if (!isPublicKey(k)) {
        ctx.error(m.value("host_key"), "`" + m.child("host_key") + "` does not look like an SSH public key",
            "write the key type and base64 key as in the host's /etc/ssh/ssh_host_ed25519_key.pub,"
                + " for example `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA...`");
        return false;
      }
      return true;
    });
  }

  /**
   * True when {@code line} is {@code <type> <base64>[ comment]} and the base64 blob is an SSH key of that type (its
   * first field names the type), as in a {@code .pub} file.
   */
  static boolean isPublicKey(String line) {
    Matcher m = HOST_KEY.matcher(line);
    if (!m.matches()) {
      return false;
    }
    try {
      ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(m.group(2)));
      int length = blob.getInt();
      if (length <= 0 || length > blob.remaining()) {
        return false;
      }
      byte[] type = new byte[length];
      blob.get(type);
      return new String(type, StandardCharsets.US_ASCII).equals(m.group(1)) && blob.hasRemaining();
    } catch (IllegalArgumentException | BufferUnderflowException e) {
      return false;
    }
  }

  /** {@code restart_command}, when given and not blank; otherwise reported. */
  static Optional<String> restartCommand(YamlContext ctx, YamlMap m) {
    Optional<String> restart = m.string("restart_command");
    if (restart.isPresent() && restart.get().isBlank()) {
      ctx.error(m.value("restart_command"), "`" + m.child("restart_command") + "` is empty",
          "write the command that restarts the nix daemon, or remove the key");
      return Optional.empty();
    }
    return restart;
  }
}
