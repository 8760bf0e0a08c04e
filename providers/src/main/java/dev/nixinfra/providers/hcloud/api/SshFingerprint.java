package dev.nixinfra.providers.hcloud.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The fingerprint Hetzner shows for an SSH public key: MD5 of the decoded key blob, colon-separated hex, like
 * {@code ssh-keygen -l -E md5} without its {@code MD5:} prefix.
 */
final class SshFingerprint {
  private SshFingerprint() {}

  /** Empty when the text is not an OpenSSH public key line ({@code type base64 [comment]}). */
  static Optional<String> of(String publicKey) {
    String[] parts = publicKey.trim().split("\\s+");
    if (parts.length < 2) {
      return Optional.empty();
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1].getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(blob);
      return Optional.of(HexFormat.ofDelimiter(":").formatHex(md5));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has MD5", e);
    }
  }

  /** Whether two public key lines hold the same key: type and blob equal, comments ignored. */
  static boolean sameKey(String a, String b) {
    String[] x = a.trim().split("\\s+");
    String[] y = b.trim().split("\\s+");
    return x.length >= 2 && y.length >= 2 && x[0].equals(y[0]) && x[1].equals(y[1]);
  }
}
