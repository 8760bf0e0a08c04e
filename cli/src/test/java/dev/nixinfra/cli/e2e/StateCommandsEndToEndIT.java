package dev.nixinfra.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.State;
import dev.nixinfra.state.json.StateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's state commands, run as a user runs them against the test world: apply, apply a change, look
 * at the history, go back to the first serial, pull, and push the state from before the restore back.
 */
class StateCommandsEndToEndIT {
  private static final String TOKEN = WorldFleet.TOKEN;
  private static final String CONFIG = WorldFleet.CONFIG;
  private static final int RESOURCES = WorldFleet.RESOURCES;

  @TempDir Path dir;
  private final Map<String, String> env = new HashMap<>();
  private final List<NixinfraProcess.Result> results = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    Path world = dir.resolve("world");
    Files.createDirectories(world);
    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG);
    env.put("NIXINFRA_TEST_WORLD", world.toString());
    env.put("HCLOUD_TOKEN", TOKEN);
  }

  private NixinfraProcess.Result nixinfra(String... args) throws Exception {
    NixinfraProcess.Result r = NixinfraProcess.run(dir, env, "", args);
    results.add(r);
    return r;
  }

  private State state() throws Exception {
    return StateJson.parse(Files.readString(dir.resolve(".nixinfra/state.json")));
  }

  @Test
  void applyChangeHistoryRestorePullAndPush() throws Exception {
    NixinfraProcess.Result r = nixinfra("apply", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG.replace("max_jobs: 8", "max_jobs: 6"));
    r = nixinfra("apply", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("0 added, 2 changed, 0 destroyed"), r.toString());
    State changed = state();
    assertEquals(RESOURCES, changed.resources().size());

    r = nixinfra("state", "history");
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(1).trim().startsWith("1 "), r.toString());
    assertTrue(lines.get(lines.size() - 1).trim().startsWith(changed.serial() + " ")
        && lines.get(lines.size() - 1).endsWith("(current)"), r.toString());

    r = nixinfra("state", "pull");
    assertEquals(0, r.exit(), r.toString());
    Files.writeString(dir.resolve("before-restore.json"), r.out());
    assertEquals(changed, StateJson.parse(r.out()));

    r = nixinfra("state", "restore", "1", "--auto-approve");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Restored serial 1 as serial " + (changed.serial() + 1)), r.toString());
    assertTrue(r.out().contains("(forgotten)"), r.toString());

    r = nixinfra("state", "pull");
    assertEquals(0, r.exit(), r.toString());
    State restored = StateJson.parse(r.out());
    assertEquals(changed.serial() + 1, restored.serial());
    assertTrue(restored.resources().size() < RESOURCES, r.toString());

    r = nixinfra("state", "push", "before-restore.json");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("is not newer than the current state's serial"), r.toString());
    assertFalse(r.err().contains("Exception"), r.toString());

    r = nixinfra("state", "push", "--force", "before-restore.json");
    assertEquals(0, r.exit(), r.toString());
    State pushed = state();
    assertEquals(changed.serial() + 2, pushed.serial());
    assertEquals(changed.resources(), pushed.resources());

    r = nixinfra("plan", "--detailed-exitcode");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("No changes."), r.toString());

    r = nixinfra("state", "history", "--json");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("\"serial\":" + pushed.serial()), r.toString());

    for (NixinfraProcess.Result each : results) {
      assertFalse((each.out() + each.err()).contains(TOKEN), each.toString());
    }
  }
}
