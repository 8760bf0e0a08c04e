package dev.nixinfra.providers.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * SSH host keys as nixinfra stores and shows them: one OpenSSH public key line ({@code type base64}, no
 * comment) and the fingerprint as {@code ssh-keygen -l} prints it ({@code SHA256:} and unpadded base64).
 */
public final class HostKeys {
  private HostKeys() {}

  /** The OpenSSH line of a key, without comment, for example {@code ssh-ed25519 AAAAC3Nza...}. */
  public static String toLine(PublicKey key) {
    return PublicKeyEntry.toString(key);
  }

  /**
   * The SHA-256 fingerprint of an OpenSSH public key line, for example {@code SHA256:47DEQpj8HBSa+/TImW+5JC...}.
   *
   * @throws IllegalArgumentException when the line is not {@code type base64 [comment]}
   */
  public static String fingerprint(String line) {
    byte[] blob = blob(line);
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static String fingerprint(PublicKey key) {
    return fingerprint(toLine(key));
  }

  /** Whether two lines hold the same key: type and key data equal, comments ignored. */
  public static boolean sameKey(String a, String b) {
    String[] x = fields(a);
    String[] y = fields(b);
    return x[0].equals(y[0]) && java.util.Arrays.equals(blob(a), blob(b));
  }

  /**
   * {@code line} without its comment and surrounding space, after checking that it is a public key line.
   *
   * @throws IllegalArgumentException when it is not
   */
  public static String normalize(String line) {
    String[] f = fields(line);
    blob(line);
    return f[0] + " " + f[1];
  }

  private static String[] fields(String line) {
    Objects.requireNonNull(line, "line");
    String[] f = line.trim().split("\\s+");
    if (f.length < 2 || !(f[0].startsWith("ssh-") || f[0].startsWith("ecdsa-") || f[0].startsWith("sk-"))) {
      throw new IllegalArgumentException("not an OpenSSH public key line (type, base64, optional comment): "
          + abbreviate(line));
    }
    return f;
  }

  private static byte[] blob(String line) {
    String[] f = fields(line);
    try {
      return Base64.getDecoder().decode(f[1].getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key data of this public key line is not base64: " + abbreviate(line));
    }
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() > 60 ? t.substring(0, 60) + "..." : t;
  }
}
