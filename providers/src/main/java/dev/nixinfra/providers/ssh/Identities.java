package dev.nixinfra.providers.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Loads private keys (OpenSSH or PEM format, ed25519 or RSA) without passphrase, with errors a user can act on. */
final class Identities {
  private Identities() {}

  /** Thrown from the password callback: the key is encrypted and nixinfra never prompts. */
  private static final class Encrypted extends IOException {
    Encrypted() {
      super("encrypted");
    }
  }

  private static final FilePasswordProvider NO_PASSPHRASE = (session, resource, retry) -> {
    throw new Encrypted();
  };

  static List<KeyPair> load(Path file) throws SshTransportException {
    try (InputStream in = Files.newInputStream(file)) {
      List<KeyPair> pairs = new ArrayList<>();
      Iterable<KeyPair> loaded =
          SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, NO_PASSPHRASE);
      if (loaded != null) {
        loaded.forEach(pairs::add);
      }
      if (pairs.isEmpty()) {
        throw notAKey(file, null);
      }
      return List.copyOf(pairs);
    } catch (NoSuchFileException e) {
      throw new SshTransportException("the SSH identity " + file + " does not exist; set ssh.identity to a private "
          + "key (create one with 'ssh-keygen -t ed25519 -N \"\"')", e);
    } catch (AccessDeniedException e) {
      throw new SshTransportException("cannot read the SSH identity " + file + ": permission denied (it should "
          + "belong to the user running nixinfra, mode 0600)", e);
    } catch (Encrypted e) {
      throw new SshTransportException("the SSH identity " + file + " is protected by a passphrase, and nixinfra "
          + "never prompts; load it into ssh-agent ('ssh-add " + file + "') or use a key without passphrase", e);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw notAKey(file, e);
    }
  }

  private static SshTransportException notAKey(Path file, Exception cause) {
    if (cause != null && cause.getMessage() != null && cause.getMessage().toLowerCase().contains("encrypt")) {
      return new SshTransportException("the SSH identity " + file + " is encrypted, and nixinfra never prompts; "
          + "load it into ssh-agent ('ssh-add " + file + "') or use a key without passphrase", cause);
    }
    String why = cause == null ? "" : " (" + cause.getMessage() + ")";
    return new SshTransportException("the SSH identity " + file + " is not a private key nixinfra can read" + why
        + "; it must be an ed25519 or RSA private key in OpenSSH or PEM format, not the .pub file", cause);
  }
}
