package dev.nixinfra.providers.hcloud.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SshFingerprintTest {
  /** Made with ssh-keygen -t ed25519; {@code ssh-keygen -l -E md5} prints the fingerprint below. */
  static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoMe7FC/I7Stf5r9kR1guDImNw9PCXtVmq66RsVwaa4 builder@example";
  static final String FINGERPRINT = "8d:86:b8:e5:5e:a0:b4:3c:0c:a2:ee:ab:e7:d0:7d:a1";

  @Test
  void matchesSshKeygen() {
    assertEquals(Optional.of(FINGERPRINT), SshFingerprint.of(KEY));
    assertEquals(Optional.of(FINGERPRINT), SshFingerprint.of("  " + KEY.replace(" builder@example", "") + "\n"));
  }

  @Test
  void notAKeyHasNoFingerprint() {
    assertEquals(Optional.empty(), SshFingerprint.of("ssh-rsa AAAjjk76kgf...Xt"));
    assertEquals(Optional.empty(), SshFingerprint.of("just-one-word"));
  }

  @Test
  void sameKeyIgnoresComments() {
    assertTrue(SshFingerprint.sameKey(KEY, KEY.replace("builder@example", "other")));
    assertFalse(SshFingerprint.sameKey(KEY, "ssh-ed25519 AAAA other"));
  }
}
