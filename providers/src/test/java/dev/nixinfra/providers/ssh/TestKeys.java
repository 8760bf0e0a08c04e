package dev.nixinfra.providers.ssh;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** Keys made for a test run: ed25519 and RSA pairs, written as OpenSSH private key files like ssh-keygen does. */
public final class TestKeys {
  private TestKeys() {}

  public static KeyPair ed25519() throws Exception {
    return KeyUtils.generateKeyPair("ssh-ed25519", 256);
  }

  static KeyPair rsa() throws Exception {
    return KeyUtils.generateKeyPair("ssh-rsa", 2048);
  }

  /** Writes {@code pair} as an OpenSSH private key file, mode 0600, encrypted when {@code passphrase} is set. */
  public static Path write(KeyPair pair, Path file, String passphrase) throws Exception {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setPassword(passphrase);
      encryption.setCipherName("AES");
      encryption.setCipherType("256");
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", encryption, out);
    }
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
