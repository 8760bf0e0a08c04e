package dev.nixinfra.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.state.LockInfo;
import dev.nixinfra.core.state.StateLock;
import dev.nixinfra.core.testing.FakeProvider;
import dev.nixinfra.state.json.StateJson;
import dev.nixinfra.state.local.LocalStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code state pull/push/history/restore} in-process, against the local backend, every path. */
class StateCommandsTest {
  private static final String CONFIG = OfficeFleet.config("acme");
  private static final Address CLIENT = Address.parse("client.ci");

  @TempDir Path dir;
  private Path stateFile;
  private InProcess nixinfra;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG);
    stateFile = dir.resolve(".nixinfra/state.json");
    nixinfra = new InProcess(dir, Providers.of(List.of(new FakeProvider("nix"))), Map.of());
  }

  private State applied() throws Exception {
    assertEquals(0, nixinfra.run("apply", "--auto-approve"), nixinfra.err.toString());
    return current();
  }

  private State current() throws Exception {
    return StateJson.parse(Files.readString(stateFile));
  }

  private void writeFile(String name, State state) throws Exception {
    Files.writeString(dir.resolve(name), StateJson.write(state));
  }

  private static State withSerial(State s, long serial) {
    return new State(s.lineage(), serial, s.resources());
  }

  private static State withoutClient(State s) {
    return withSerial(s.without(CLIENT), s.serial());
  }

  private String err() {
    return nixinfra.err.toString();
  }

  private String out() {
    return nixinfra.out.toString();
  }

  private void assertNoStackTrace() {
    assertFalse(err().contains("Exception") || err().contains("\tat "), err());
  }

  // pull

  @Test
  void pullWithoutStateFailsClearlyAndPrintsNothing() {
    assertEquals(1, nixinfra.run("state", "pull"));
    assertEquals("", out());
    assertTrue(err().contains("there is no state to pull: nothing was ever written to"), err());
    assertNoStackTrace();
  }

  @Test
  void pullPrintsExactlyTheStateFile() throws Exception {
    applied();
    assertEquals(0, nixinfra.run("state", "pull"), err());
    assertEquals(Files.readString(stateFile), out());
  }

  // push

  @Test
  void pushOfANewerSerialIsWrittenAsItIsAndTheOldStateStaysInHistory() throws Exception {
    State before = applied();
    State edited = withSerial(withoutClient(before), before.serial() + 5);
    writeFile("edited.json", edited);
    assertEquals(0, nixinfra.run("state", "push", "edited.json"), err());
    assertEquals(Files.readString(dir.resolve("edited.json")), Files.readString(stateFile));
    assertTrue(out().contains("serial " + (before.serial() + 5)), out());
    assertTrue(out().contains("'nixinfra state restore " + before.serial() + "' brings it back"), out());
    assertEquals(0, nixinfra.run("state", "pull"));
    assertEquals(StateJson.write(edited), out());
    assertEquals(0, nixinfra.run("state", "history", "--json"));
    JsonNode versions = new ObjectMapper().readTree(out()).get("versions");
    assertTrue(versions.toString().contains("\"serial\":" + before.serial()), versions.toString());
  }

  @Test
  void pushOfAnOlderOrTheSameSerialIsRefusedAndTheStateIsUntouched() throws Exception {
    State before = applied();
    byte[] bytes = Files.readAllBytes(stateFile);
    for (long serial : new long[] {before.serial() - 1, before.serial()}) {
      writeFile("old.json", withSerial(withoutClient(before), serial));
      assertEquals(1, nixinfra.run("state", "push", "old.json"));
      assertTrue(err().contains("refusing to push old.json: its serial " + serial + " is not newer than the "
          + "current state's serial " + before.serial()), err());
      assertTrue(err().contains("--force"), err());
      assertArrayEquals(bytes, Files.readAllBytes(stateFile));
    }
  }

  @Test
  void aSameSerialEditSaysToBumpTheSerialAndAnUneditedPullIsANoOp() throws Exception {
    State before = applied();
    byte[] bytes = Files.readAllBytes(stateFile);
    writeFile("edited.json", withoutClient(before));
    assertEquals(1, nixinfra.run("state", "push", "edited.json"));
    assertTrue(err().contains("set its \"serial\" to " + (before.serial() + 1) + " and push again"), err());
    assertEquals(0, nixinfra.run("state", "pull"));
    Files.writeString(dir.resolve("pulled.json"), out());
    assertEquals(0, nixinfra.run("state", "push", "pulled.json"), err());
    assertTrue(out().contains("pulled.json is the current state already (serial " + before.serial()
        + "): nothing to push."), out());
    assertArrayEquals(bytes, Files.readAllBytes(stateFile));
  }

  @Test
  void forcedPushOfAnOlderSerialWritesItsResourcesAsTheNextSerial() throws Exception {
    State before = applied();
    writeFile("old.json", withSerial(withoutClient(before), 1));
    assertEquals(0, nixinfra.run("state", "push", "--force", "old.json"), err());
    State after = current();
    assertEquals(before.lineage(), after.lineage());
    assertEquals(before.serial() + 1, after.serial());
    assertEquals(withoutClient(before).resources(), after.resources());
  }

  @Test
  void pushOfAnotherLineageIsRefusedAndWithForceTakesOnlyItsResources() throws Exception {
    State before = applied();
    byte[] bytes = Files.readAllBytes(stateFile);
    State foreign = new State(UUID.randomUUID().toString(), 100, withoutClient(before).resources());
    writeFile("foreign.json", foreign);

    assertEquals(1, nixinfra.run("state", "push", "foreign.json"));
    assertTrue(err().contains("it has lineage " + foreign.lineage() + ", but the current state has lineage "
        + before.lineage()), err());
    assertArrayEquals(bytes, Files.readAllBytes(stateFile));

    assertEquals(0, nixinfra.run("state", "push", "foreign.json", "--force"), err());
    State after = current();
    assertEquals(before.lineage(), after.lineage());
    assertEquals(before.serial() + 1, after.serial());
    assertEquals(foreign.resources(), after.resources());
  }

  @Test
  void pushWithoutStateWritesTheFileAsItIs() throws Exception {
    State s = new State(UUID.randomUUID().toString(), 7, new java.util.TreeMap<>());
    writeFile("fresh.json", s);
    assertEquals(0, nixinfra.run("state", "push", "fresh.json"), err());
    assertEquals(StateJson.write(s), Files.readString(stateFile));
  }

  @Test
  void aTruncatedFileIsReportedWithItsPlaceAndTheStateIsByteIdentical() throws Exception {
    applied();
    byte[] bytes = Files.readAllBytes(stateFile);
    String text = Files.readString(stateFile);
    Files.writeString(dir.resolve("cut.json"), text.substring(0, text.length() / 2));
    assertEquals(1, nixinfra.run("state", "push", "cut.json"));
    assertTrue(err().contains("state file cut.json is not valid: the file ends in the middle of a value"), err());
    assertTrue(err().matches("(?s).*on cut\\.json:\\d+:\\d+.*"), err());
    assertTrue(err().contains("'nixinfra state pull > FILE'"), err());
    assertNoStackTrace();
    assertArrayEquals(bytes, Files.readAllBytes(stateFile));
  }

  @Test
  void aValueOfTheWrongTypeIsReportedAtItsLineAndColumn() throws Exception {
    State before = applied();
    byte[] bytes = Files.readAllBytes(stateFile);
    String text = Files.readString(stateFile)
        .replaceFirst("\"serial\"( ?): ?" + before.serial(), "\"serial\"$1: \"twelve\"")
        .replaceFirst("\"tainted\"( ?): ?false", "\"tainted\"$1: \"no\"");
    Files.writeString(dir.resolve("typed.json"), text);
    assertEquals(1, nixinfra.run("state", "push", "typed.json"));
    // The first problem is reported at the first character of the wrong value, as an editor counts.
    List<String> lines = text.lines().toList();
    int line = 0;
    while (!lines.get(line).contains("\"twelve\"")) {
      line++;
    }
    int column = lines.get(line).indexOf("\"twelve\"") + 1;
    assertTrue(err().contains("on typed.json:" + (line + 1) + ":" + column), err());
    assertTrue(err().contains("state file typed.json is not valid:") && err().contains("serial"), err());
    assertNoStackTrace();
    assertArrayEquals(bytes, Files.readAllBytes(stateFile));
  }

  @Test
  void aMissingFileIsNamed() throws Exception {
    applied();
    assertEquals(1, nixinfra.run("state", "push", "nope.json"));
    assertTrue(err().contains("state file nope.json does not exist"), err());
  }

  // history

  @Test
  void historyWithoutStateSaysSoAndSucceeds() throws Exception {
    assertEquals(0, nixinfra.run("state", "history"));
    assertEquals("", out());
    assertTrue(err().contains("No state history yet"), err());
    assertEquals(0, nixinfra.run("state", "history", "--json"));
    JsonNode doc = new ObjectMapper().readTree(out());
    assertTrue(doc.get("current").isNull());
    assertEquals(0, doc.get("versions").size());
  }

  @Test
  void historyListsEverySerialNewestLastWithTheCurrentMarked() throws Exception {
    State s = applied();
    assertEquals(0, nixinfra.run("state", "history"), err());
    List<String> lines = out().lines().toList();
    assertTrue(lines.get(0).matches("SERIAL +WRITTEN +LINEAGE +RESOURCES"), lines.get(0));
    assertEquals(s.serial() + 1, lines.size(), out()); // header plus serials 1..N
    String last = lines.get(lines.size() - 1);
    assertTrue(last.matches(" *" + s.serial() + "  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  " + s.lineage()
        + " +" + s.resources().size() + "  \\(current\\)"), last);

    assertEquals(0, nixinfra.run("state", "history", "--json"), err());
    assertEquals(1, out().lines().count(), out());
    JsonNode doc = new ObjectMapper().readTree(out());
    assertEquals("1", doc.get("format_version").asText());
    assertEquals(s.serial(), doc.get("current").get("serial").asLong());
    JsonNode newest = doc.get("versions").get(doc.get("versions").size() - 1);
    assertEquals(s.serial(), newest.get("serial").asLong());
    assertEquals(s.lineage(), newest.get("lineage").asText());
    assertEquals(s.resources().size(), newest.get("resource_count").asInt());
    assertTrue(newest.get("current").asBoolean());
    Instant.parse(newest.get("written").asText());
  }

  // restore

  @Test
  void restoreOfAnOldSerialShowsTheDifferenceAndBecomesTheNewestInHistory() throws Exception {
    State full = applied();
    assertEquals(0, nixinfra.run("state", "rm", "client.ci"), err());
    State afterRm = current();

    assertEquals(0, nixinfra.run("state", "restore", "--auto-approve", Long.toString(full.serial())), err());
    assertTrue(out().contains("  + client.ci (back in state)"), out());
    assertTrue(out().contains("Restore: 1 back in state, 0 forgotten, 0 with other recorded values."), out());
    assertTrue(out().contains("Restored serial " + full.serial() + " as serial " + (afterRm.serial() + 1)), out());
    State restored = current();
    assertEquals(full.lineage(), restored.lineage());
    assertEquals(afterRm.serial() + 1, restored.serial());
    assertEquals(full.resources(), restored.resources());

    assertEquals(0, nixinfra.run("state", "history"), err());
    List<String> lines = out().lines().toList();
    String last = lines.get(lines.size() - 1);
    assertTrue(last.trim().startsWith(restored.serial() + " ") && last.endsWith("(current)"), out());
    assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith(afterRm.serial() + " ")), "rm kept: " + out());
  }

  @Test
  void restoreAsksAndOnlyYesApproves() throws Exception {
    State full = applied();
    assertEquals(0, nixinfra.run("state", "rm", "client.ci"), err());
    byte[] bytes = Files.readAllBytes(stateFile);
    assertEquals(1, nixinfra.runWithInput("no\n", "state", "restore", Long.toString(full.serial())));
    assertTrue(out().contains("Do you want to restore serial " + full.serial() + "?"), out());
    assertTrue(err().contains("Restore cancelled."), err());
    assertArrayEquals(bytes, Files.readAllBytes(stateFile));

    assertEquals(0, nixinfra.runWithInput("yes\n", "state", "restore", Long.toString(full.serial())), err());
    assertEquals(full.resources(), current().resources());
  }

  @Test
  void restoreOfASerialWithTheSameResourcesWritesNothing() throws Exception {
    State s = applied();
    byte[] bytes = Files.readAllBytes(stateFile);
    assertEquals(0, nixinfra.run("state", "restore", Long.toString(s.serial())), err());
    assertTrue(out().contains("nothing to restore"), out());
    assertArrayEquals(bytes, Files.readAllBytes(stateFile));
  }

  @Test
  void restoreOfAnUnknownSerialListsTheAvailableOnes() throws Exception {
    State s = applied();
    byte[] bytes = Files.readAllBytes(stateFile);
    assertEquals(1, nixinfra.run("state", "restore", "--auto-approve", "99"));
    assertTrue(err().contains("serial 99 is not in the state history of"), err());
    assertTrue(err().contains("Available serials: 1-" + s.serial() + "."), err());
    assertNoStackTrace();
    assertArrayEquals(bytes, Files.readAllBytes(stateFile));
  }

  @Test
  void restoreWithoutStateFailsClearly() {
    assertEquals(1, nixinfra.run("state", "restore", "--auto-approve", "1"));
    assertTrue(err().contains("there is no state to restore into"), err());
  }

  // locking

  @Test
  void pushAndRestoreAreRefusedWhileAnotherRunHoldsTheLockNamingIt() throws Exception {
    State s = applied();
    writeFile("newer.json", withSerial(s, s.serial() + 1));
    byte[] bytes = Files.readAllBytes(stateFile);
    LockInfo alice = new LockInfo("0b9d5e4c-lock", "apply", "alice", "laptop", 4242,
        Instant.parse("2026-11-22T08:00:00Z"), "nixinfra apply");
    try (StateLock held = new LocalStateStore(stateFile).lock(alice, Duration.ZERO)) {
      assertEquals(1, nixinfra.run("state", "push", "newer.json"));
      assertTrue(err().contains("cannot lock the state") && err().contains("apply by alice@laptop (pid 4242)"),
          err());
      assertEquals(1, nixinfra.run("state", "restore", "--auto-approve", "1"));
      assertTrue(err().contains("apply by alice@laptop (pid 4242)"), err());
      assertNoStackTrace();
    }
    assertArrayEquals(bytes, Files.readAllBytes(stateFile));
    assertEquals(0, nixinfra.run("state", "push", "newer.json"), err());
  }

  @Test
  void pushWaitsForTheLockWithLockTimeout() throws Exception {
    State s = applied();
    writeFile("newer.json", withSerial(s, s.serial() + 1));
    LockInfo other = LockInfo.forThisProcess("apply", "nixinfra apply");
    StateLock held = new LocalStateStore(stateFile).lock(other, Duration.ZERO);
    Thread releaser = new Thread(() -> {
      try {
        Thread.sleep(500);
        held.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    releaser.start();
    try {
      assertEquals(0, nixinfra.run("state", "push", "--lock-timeout", "30s", "newer.json"), err());
    } finally {
      releaser.join();
    }
    assertEquals(s.serial() + 1, current().serial());
  }

  @Test
  void stateWithoutASubcommandNamesThemAll() {
    assertEquals(1, nixinfra.run("state"));
    assertTrue(err().contains("list, show, rm, pull, push, history, restore or migrate"), err());
  }
}
