package dev.nixinfra.providers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostKeyPolicyTest {
  @Test
  void pinnedStoresTheLineWithoutComment() {
    HostKeyPolicy.Pinned p = new HostKeyPolicy.Pinned(HostKeysTest.ED25519);
    assertEquals(HostKeysTest.ED25519.replace(" builder@example", ""), p.line());
    assertEquals(HostKeyPolicy.Kind.PINNED, p.kind());
  }

  @Test
  void pinnedRefusesWhatIsNotAKey() {
    assertThrows(IllegalArgumentException.class, () -> new HostKeyPolicy.Pinned("SHA256:abc"));
  }

  @Test
  void everyPolicyHasItsKind() {
    for (HostKeyPolicy p : new HostKeyPolicy[] {new HostKeyPolicy.KnownHosts(Path.of("k")),
        new HostKeyPolicy.Pinned(HostKeysTest.RSA), new HostKeyPolicy.TrustOnFirstUse()}) {
      String expected = switch (p.kind()) {
        case KNOWN_HOSTS -> "KnownHosts";
        case PINNED -> "Pinned";
        case TRUST_ON_FIRST_USE -> "TrustOnFirstUse";
      };
      assertEquals(expected, p.getClass().getSimpleName());
    }
  }

  @Test
  void targetExposesThePinnedKey() {
    SshTarget t = SshTarget.pinned("builder1", 22, "root", HostKeysTest.ED25519);
    assertEquals(Optional.of(HostKeys.normalize(HostKeysTest.ED25519)), t.hostKey());
    assertEquals("root@builder1:22", t.display());
    SshTarget tofu = new SshTarget("builder1", 0, Optional.empty(), new HostKeyPolicy.TrustOnFirstUse());
    assertEquals(Optional.empty(), tofu.hostKey());
    assertEquals("builder1", tofu.display());
  }

  @Test
  void targetValidates() {
    HostKeyPolicy p = new HostKeyPolicy.TrustOnFirstUse();
    assertThrows(IllegalArgumentException.class, () -> new SshTarget("", 22, Optional.empty(), p));
    assertThrows(IllegalArgumentException.class, () -> new SshTarget("a b", 22, Optional.empty(), p));
    assertThrows(IllegalArgumentException.class, () -> new SshTarget("h", 70000, Optional.empty(), p));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SshTarget("h", 22, Optional.of("ro ot"), p));
    assertTrue(e.getMessage().contains("ro ot"));
  }
}
