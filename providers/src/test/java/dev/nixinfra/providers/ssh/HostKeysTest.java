package dev.nixinfra.providers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.Test;

class HostKeysTest {
  /** Made with ssh-keygen; {@code ssh-keygen -lf} prints the fingerprints below. */
  static final String ED25519 =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoMe7FC/I7Stf5r9kR1guDImNw9PCXtVmq66RsVwaa4 builder@example";
  static final String ED25519_FP = "SHA256:VyxVLMsAqdzhVu08X82Q/o6mG9h0m5zebOXanss6oyw";
  static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDax9jTDLl78I4VTiQZ9DK4fWsh97HCG2Blljn78xvP01Rc"
      + "I3S73m9ULU7aQMUmBNeFmNS157cmS1sRogG7tFwZ5uwgYGJcUmSrpUnDP+2lMWBL2h7hN97UEKAttglKz4PWmcXfFn2IL+ZD9A2fTTCd"
      + "Styw424JbYvL9ZuPxL7QdzqS/e3NHdQZgZHQeXZZG8bemiQAwpt93GiE76EFZQHQK6Qq7pXVnKpjH3G0IMsLqOFIzkpuhWS/pxzhKIQ2"
      + "PmnD78hlabaN+cdeGDxMmHnBFQ/o4FJe8Fvq8AIXaA4XjYZMWXvGfAfb0DxiLyvNmuiIItiZt0Ij3Ipl6f7CdY9X x";
  static final String RSA_FP = "SHA256:tAOL7GzUHblKN/8A6/Q4yYj8ik0YGvkKPSNPwUxY/90";

  @Test
  void fingerprintsMatchSshKeygen() {
    assertEquals(ED25519_FP, HostKeys.fingerprint(ED25519));
    assertEquals(RSA_FP, HostKeys.fingerprint(RSA));
    assertEquals(ED25519_FP, HostKeys.fingerprint("  " + ED25519.replace(" builder@example", "") + "\n"));
  }

  @Test
  void fingerprintOfAKeyObjectMatchesItsLine() throws Exception {
    KeyPair pair = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    String line = HostKeys.toLine(pair.getPublic());
    assertTrue(line.startsWith("ssh-ed25519 AAAA"), line);
    assertEquals(HostKeys.fingerprint(line), HostKeys.fingerprint(pair.getPublic()));
    // MINA's own SHA256 fingerprint agrees.
    assertEquals(KeyUtils.getFingerPrint(pair.getPublic()), HostKeys.fingerprint(line));
  }

  @Test
  void sameKeyIgnoresCommentsAndSpace() {
    assertTrue(HostKeys.sameKey(ED25519, ED25519.replace("builder@example", "other") + "  "));
    assertFalse(HostKeys.sameKey(ED25519, RSA));
  }

  @Test
  void normalizeDropsTheComment() {
    assertEquals(ED25519.replace(" builder@example", ""), HostKeys.normalize("\t" + ED25519 + "\n"));
  }

  @Test
  void notAKeyLineIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> HostKeys.fingerprint("just-one-word"));
    assertThrows(IllegalArgumentException.class, () -> HostKeys.fingerprint("ssh-ed25519 not!base64"));
    assertThrows(IllegalArgumentException.class, () -> HostKeys.normalize("hello world"));
  }
}
