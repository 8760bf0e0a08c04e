package dev.nixinfra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.testing.FakeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command layer in-process: what the packaged jar does with the providers it really has. */
class CommandsTest {
  private static final String CONFIG = OfficeFleet.config("acme");

  @TempDir Path dir;

  @BeforeEach
  void writeConfig() throws Exception {
    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG);
  }

  @Test
  void applyingTypesWhoseProviderIsNotBuiltFailsClearlyAndRecordsNothing() throws Exception {
    InProcess nixinfra = new InProcess(dir, Providers.none(), Map.of());
    assertEquals(0, nixinfra.run("plan"), nixinfra.err.toString());
    assertEquals(1, nixinfra.run("apply", "--auto-approve"));
    String err = nixinfra.err.toString();
    assertTrue(err.contains("cannot apply client_key.ci: resources of type client_key are applied by the 'nix' "
        + "provider, which this version of nixinfra does not include yet"), err);
    assertTrue(nixinfra.out.toString().contains("builder.office: Skipped because client_key.ci failed"),
        nixinfra.out.toString());
    assertTrue(err.contains("Apply failed: 0 added"), err);
    assertEquals(0, nixinfra.run("state", "list"));
    assertEquals("", nixinfra.out.toString());
  }

  @Test
  void applyWithAFakeProviderAndThenNoChanges() {
    FakeProvider nix = new FakeProvider("nix");
    InProcess nixinfra = new InProcess(dir, Providers.of(List.of(nix)), Map.of());
    assertEquals(0, nixinfra.runWithInput("yes\n", "apply"), nixinfra.err.toString());
    assertTrue(nixinfra.out.toString().contains("Apply complete! Resources: 3 added, 0 changed, 0 destroyed."),
        nixinfra.out.toString());
    assertEquals(0, nixinfra.run("plan", "--detailed-exitcode"));
    assertTrue(nixinfra.out.toString().contains("No changes."), nixinfra.out.toString());
  }

  @Test
  void everyApplyKeepsALogOfItsStepsBesideTheConfiguration() throws Exception {
    FakeProvider nix = new FakeProvider("nix");
    InProcess nixinfra = new InProcess(dir, Providers.of(List.of(nix)), Map.of());
    assertEquals(0, nixinfra.run("apply", "--auto-approve"), nixinfra.err.toString());
    java.nio.file.Path logs = dir.resolve(".nixinfra/logs");
    List<java.nio.file.Path> files;
    try (var s = Files.list(logs)) {
      files = s.toList();
    }
    assertEquals(1, files.size(), files.toString());
    java.nio.file.Path log = files.get(0);
    assertTrue(log.getFileName().toString().endsWith("-apply.log"), log.toString());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(log)));
    String text = Files.readString(log);
    assertTrue(text.contains(" builder.office: create: starting"), text);
    assertTrue(text.contains(" client.ci: done after "), text);
    assertTrue(nixinfra.err.toString().contains("The log of this run: " + log), nixinfra.err.toString());
  }

  @Test
  void targetAppliesOnlyTheTargetAndItsDependencies() {
    FakeProvider nix = new FakeProvider("nix");
    InProcess nixinfra = new InProcess(dir, Providers.of(List.of(nix)), Map.of());
    assertEquals(0, nixinfra.run("apply", "--auto-approve", "--target", "builder.office"));
    assertTrue(nixinfra.out.toString().contains("resource targeting is in effect"), nixinfra.out.toString());
    assertEquals(0, nixinfra.run("state", "list"));
    assertEquals(List.of("builder.office", "client_key.ci"), nixinfra.out.toString().lines().toList());
  }

  @Test
  void anApplyWithNothingToChangeStillRecordsWhatRefreshAdopted() {
    FakeProvider nix = new FakeProvider("nix").discovering();
    InProcess nixinfra = new InProcess(dir, Providers.of(List.of(nix)), Map.of());
    assertEquals(0, nixinfra.run("apply", "--auto-approve"), nixinfra.err.toString());
    assertEquals(0, nixinfra.run("state", "rm", "builder.office"), nixinfra.err.toString());

    assertEquals(0, nixinfra.run("apply", "--auto-approve"), nixinfra.err.toString());
    assertTrue(nixinfra.out.toString().contains("No changes."), nixinfra.out.toString());
    assertTrue(nixinfra.out.toString().contains("builder.office exists but was not in state: adopted"),
        nixinfra.out.toString());
    assertEquals(0, nixinfra.run("state", "list"));
    assertTrue(nixinfra.out.toString().lines().toList().contains("builder.office"), "recorded: " + nixinfra.out);
    assertEquals(0, nixinfra.run("plan", "--detailed-exitcode"));
    assertFalse(nixinfra.out.toString().contains("adopted"), "adopted once only: " + nixinfra.out);
  }

  @Test
  void aSavedPlanThatIsNotTextIsOneClearSentence() throws Exception {
    Files.write(dir.resolve("bin.plan"), new byte[] {0x1f, (byte) 0x8b, 8, 0, (byte) 0xff, (byte) 0xfe});
    InProcess nixinfra = new InProcess(dir, Providers.none(), Map.of());
    for (String command : List.of("show", "apply")) {
      assertEquals(1, nixinfra.run(command, "bin.plan"), command);
      String err = nixinfra.err.toString();
      assertTrue(err.contains("plan file bin.plan is not valid: it is not UTF-8 text"), err);
      assertFalse(err.contains("Input length"), err);
    }
  }

  @Test
  void refreshFindsDriftAndRefreshFalseContactsNothing() {
    FakeProvider nix = new FakeProvider("nix");
    InProcess nixinfra = new InProcess(dir, Providers.of(List.of(nix)), Map.of());
    assertEquals(0, nixinfra.run("apply", "--auto-approve"));
    dev.nixinfra.core.model.Address office = dev.nixinfra.core.model.Address.parse("builder.office");
    nix.world().put(office, nix.world().get(office).withAttributes(
        nix.world().get(office).attributes().with("max_jobs", 99L)));
    int readsBefore = (int) nix.calls().stream().filter(c -> c.startsWith("read")).count();

    assertEquals(0, nixinfra.run("plan", "--refresh=false", "--detailed-exitcode"), nixinfra.out.toString());
    assertEquals(readsBefore, nix.calls().stream().filter(c -> c.startsWith("read")).count());

    assertEquals(2, nixinfra.run("plan", "--detailed-exitcode"));
    String out = nixinfra.out.toString();
    assertTrue(out.contains("Objects have changed outside of nixinfra"), out);
    assertTrue(out.contains("max_jobs") && out.contains("99 -> 1"), out);
  }

  @Test
  void validateJsonReportsEveryProblem() throws Exception {
    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG.replace("x86_64-linux", "x86-64-linux")
        .replace("builders: [office]", "builders: [ofice]"));
    InProcess nixinfra = new InProcess(dir, Providers.none(), Map.of());
    assertEquals(1, nixinfra.run("validate", "--json"));
    String json = nixinfra.out.toString();
    assertTrue(json.contains("\"valid\":false") && json.contains("\"error_count\":2"), json);
    assertFalse(json.contains("Exception"), json);
  }
}
