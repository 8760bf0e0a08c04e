package dev.nixinfra.providers.hcloud;

import dev.nixinfra.core.provider.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the public half of {@code ssh.identity}, the key new servers accept for root. */
final class PublicKeyFile {
  private PublicKeyFile() {}

  /** {@code path} as written in the configuration; a leading {@code ~} is the user's home. */
  static String read(String path) throws ProviderException {
    Path file = path.equals("~") || path.startsWith("~/")
        ? Path.of(System.getProperty("user.home")).resolve(path.substring(Math.min(2, path.length())))
        : Path.of(path);
    try {
      String text = Files.readString(file).trim();
      if (!text.startsWith("ssh-") && !text.startsWith("ecdsa-")) {
        throw new ProviderException(file + " does not hold an OpenSSH public key (it should start with ssh-ed25519 "
            + "or ssh-rsa); set ssh.identity to a private key whose .pub file is beside it");
      }
      return text;
    } catch (NoSuchFileException e) {
      throw new ProviderException("the public key " + file + " does not exist; create a key pair with "
          + "'ssh-keygen -t ed25519' or set ssh.identity to an existing private key (its .pub file is uploaded)");
    } catch (IOException e) {
      throw new ProviderException("cannot read the public key " + file + ": " + e.getMessage());
    }
  }
}
