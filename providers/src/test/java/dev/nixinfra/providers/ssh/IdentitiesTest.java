package dev.nixinfra.providers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentitiesTest {
  @TempDir Path dir;

  @Test
  void loadsEd25519AndRsaInOpenSshFormat() throws Exception {
    KeyPair ed = TestKeys.ed25519();
    KeyPair rsa = TestKeys.rsa();
    assertTrue(KeyUtils.compareKeys(ed.getPublic(),
        Identities.load(TestKeys.write(ed, dir.resolve("ed"), null)).get(0).getPublic()));
    assertTrue(KeyUtils.compareKeys(rsa.getPublic(),
        Identities.load(TestKeys.write(rsa, dir.resolve("rsa"), null)).get(0).getPublic()));
  }

  @Test
  void missingFileSaysHowToMakeOne() {
    SshTransportException e = assertThrows(SshTransportException.class,
        () -> Identities.load(dir.resolve("nope")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("ssh-keygen -t ed25519"), e.getMessage());
  }

  @Test
  void encryptedKeyPointsToTheAgent() throws Exception {
    Path file = TestKeys.write(TestKeys.ed25519(), dir.resolve("enc"), "secret");
    SshTransportException e = assertThrows(SshTransportException.class, () -> Identities.load(file));
    assertTrue(e.getMessage().contains("passphrase") || e.getMessage().contains("encrypted"), e.getMessage());
    assertTrue(e.getMessage().contains("ssh-add " + file), e.getMessage());
  }

  @Test
  void aPublicKeyIsNotAnIdentity() throws Exception {
    Path pub = dir.resolve("id.pub");
    Files.writeString(pub, HostKeysTest.ED25519 + "\n");
    SshTransportException e = assertThrows(SshTransportException.class, () -> Identities.load(pub));
    assertTrue(e.getMessage().contains("not a private key"), e.getMessage());
  }

  @Test
  void unreadableFileIsReported() throws Exception {
    Path file = TestKeys.write(TestKeys.ed25519(), dir.resolve("locked"), null);
    Files.setPosixFilePermissions(file, java.util.Set.of());
    // root reads every file, so this only runs where the tests run unprivileged.
    org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "running as root");
    SshTransportException e = assertThrows(SshTransportException.class, () -> Identities.load(file));
    assertEquals(true, e.getMessage().contains("permission denied"), e.getMessage());
  }

  @Test
  void transportRefusesABadIdentityBeforeConnecting() {
    SshTransportException e = assertThrows(SshTransportException.class,
        () -> new SshTransport(SshSettings.identityOnly(dir.resolve("missing"))));
    assertTrue(e.getMessage().startsWith("the SSH identity "), e.getMessage());
  }
}
