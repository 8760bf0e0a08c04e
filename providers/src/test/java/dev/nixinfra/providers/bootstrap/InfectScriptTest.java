package dev.nixinfra.providers.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfectScriptTest {
  static final String SHA = "ab".repeat(32);

  @TempDir Path dir;

  @Test
  void urlIsTheRawFileAtThePinnedCommit() {
    assertEquals("https://raw.githubusercontent.com/elitak/nixos-infect/7563801d/nixos-infect",
        new InfectScript("7563801d", SHA).url());
  }

  @Test
  void rejectsWhatIsNotACommitOrAChecksum() {
    assertThrows(IllegalArgumentException.class, () -> new InfectScript("master", SHA));
    assertThrows(IllegalArgumentException.class, () -> new InfectScript("7563801d; rm -rf /", SHA));
    assertThrows(IllegalArgumentException.class, () -> new InfectScript("7563801d", "abc"));
    assertEquals(SHA, new InfectScript("7563801d", SHA.toUpperCase()).sha256());
    InfectScript s = new InfectScript("7563801d", SHA);
    assertThrows(IllegalArgumentException.class, () -> s.command("nixos-25.05; reboot", true));
  }

  @Test
  void commandChecksBeforeItRunsAndSetsTheEnvironment() {
    String c = new InfectScript("7563801d", SHA).command("nixos-25.05", true);
    int check = c.indexOf("sha256sum");
    int marker = c.indexOf(InfectScript.STARTED);
    int run = c.indexOf("bash \"$f\"");
    assertTrue(check > 0 && check < marker && marker < run, c);
    assertTrue(c.contains("curl -fsSL --retry 3 -o \"$f\" https://raw.githubusercontent.com/elitak/nixos-infect/"
        + "7563801d/nixos-infect"), c);
    assertTrue(c.contains("wget -q -O \"$f\""), c);
    assertTrue(c.contains("expected " + SHA + ", found $found"), c);
    assertTrue(c.contains("exit " + InfectScript.EXIT_MISMATCH), c);
    assertTrue(c.contains("env PROVIDER=hetznercloud NIX_CHANNEL=nixos-25.05 NO_REBOOT=1 bash \"$f\""), c);
    assertFalse(new InfectScript("7563801d", SHA).command("nixos-25.05", false).contains("PROVIDER"));
  }

  /** Runs the command with sh against a fake curl that serves a harmless script; nothing else is executed. */
  ProcessResult runLocally(String scriptText, boolean matching, boolean hetzner) throws Exception {
    Path served = Files.writeString(dir.resolve("served"), scriptText);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path curl = Files.writeString(bin.resolve("curl"), "#!/bin/sh\n"
        + "while [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then out=$2; shift; fi; shift; done\n"
        + "cp '" + served + "' \"$out\"\n");
    Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwx------"));
    String sha = matching ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(scriptText.getBytes(StandardCharsets.UTF_8))) : SHA;
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", new InfectScript("7563801d", sha)
        .command("nixos-25.11", hetzner));
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    pb.environment().remove("PROVIDER");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new ProcessResult(p.waitFor(), out, err);
  }

  record ProcessResult(int status, String out, String err) {}

  @Test
  void aMatchingDownloadRunsWithTheEnvironment() throws Exception {
    ProcessResult r = runLocally(
        "echo \"P=${PROVIDER-unset} C=$NIX_CHANNEL R=$NO_REBOOT\"; echo \"$0\"; exit 7\n", true, true);
    List<String> lines = r.out().lines().toList();
    assertEquals(List.of(InfectScript.STARTED, "P=hetznercloud C=nixos-25.11 R=1"), lines.subList(0, 2));
    assertEquals(7, r.status(), "the exit status is the script's");
    assertTrue(lines.get(2).startsWith("/tmp/nixos-infect."), lines::toString);
    assertFalse(Files.exists(Path.of(lines.get(2))), "the downloaded copy is removed on exit");
  }

  @Test
  void plainHostsRunWithoutProvider() throws Exception {
    ProcessResult r = runLocally("echo \"P=${PROVIDER-unset}\"\n", true, false);
    assertEquals(0, r.status());
    assertTrue(r.out().contains("P=unset"), r.out());
  }

  @Test
  void aMismatchRefusesWithExpectedAndFound() throws Exception {
    String text = "echo RAN\n";
    ProcessResult r = runLocally(text, false, true);
    assertEquals(InfectScript.EXIT_MISMATCH, r.status());
    assertEquals("", r.out(), "neither the marker nor the script ran");
    String found = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
    assertTrue(r.err().contains("sha256 mismatch: expected " + SHA + ", found " + found), r.err());
  }
}
