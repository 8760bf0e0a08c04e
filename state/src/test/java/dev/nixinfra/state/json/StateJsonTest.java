package dev.nixinfra.state.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StateJsonTest {
  static final String LINEAGE = "0b9c7c1e-4a4e-4a5e-9a57-6f1d2b3c4d5e";

  static State sample() {
    Attributes server = Attributes.of(Map.of(
        "name", "arm1",
        "cores", 16L,
        "load", 0.25,
        "whole_double", 2.0,
        "public", true,
        "ports", List.of(22L, 443L),
        "labels", Map.of("role", "builder", "nested", Map.of("list", List.of("a", Map.of("k", false)))),
        "empty_list", List.of(),
        "empty_map", Map.of()));
    TreeMap<Address, ResourceState> resources = new TreeMap<>();
    Address arm1 = Address.parse("hcloud_server.arm1");
    Address key = Address.parse("hcloud_ssh_key.admin");
    resources.put(key, new ResourceState(key, "77", Attributes.of(Map.of("name", "admin")), false, Set.of()));
    resources.put(arm1, new ResourceState(arm1, "12345", server, true, Set.of(key)));
    return new State(LINEAGE, 7, resources);
  }

  @Test
  void roundTripKeepsEveryValueAndKind() throws Exception {
    State state = sample();
    State back = StateJson.parse(StateJson.write(state));
    assertEquals(state, back);
    Object whole = back.resource(Address.parse("hcloud_server.arm1")).orElseThrow().attributes()
        .get("whole_double").orElseThrow();
    assertEquals(Double.class, whole.getClass(), "2.0 stays a double");
    assertEquals(Long.class, back.resource(Address.parse("hcloud_server.arm1")).orElseThrow().attributes()
        .get("cores").orElseThrow().getClass());
  }

  @Test
  void outputIsStablePrettyAndSorted() {
    String text = StateJson.write(sample());
    assertEquals(text, StateJson.write(sample()));
    assertTrue(text.endsWith("}\n"));
    assertTrue(text.startsWith("{\n  \"version\": 1,\n  \"lineage\": \"" + LINEAGE + "\",\n  \"serial\": 7,\n"),
        text);
    assertTrue(text.indexOf("hcloud_server.arm1") < text.indexOf("hcloud_ssh_key.admin"), "sorted by address");
    assertTrue(text.contains("\"empty_list\": [],"), text);
  }

  @Test
  void emptyStateRoundTrips() throws Exception {
    State empty = State.empty();
    assertEquals(empty, StateJson.parse(StateJson.write(empty)));
  }

  @Test
  void reservedMapKeyIsRefusedAtWriteTime() {
    Address a = Address.parse("hcloud_server.arm1");
    State s = new State(LINEAGE, 1, new TreeMap<>(Map.of(a, new ResourceState(a, "1",
        Attributes.of(Map.of("labels", Map.of("$ref", "x.y.z"))), false, Set.of()))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateJson.write(s));
    assertEquals("hcloud_server.arm1: attribute labels has the map key \"$ref\"; keys starting with $ are reserved"
        + " in nixinfra's files, rename it", e.getMessage());
  }

  @Test
  void nonFiniteDoubleIsRefusedAtWriteTime() {
    Address a = Address.parse("hcloud_server.arm1");
    State s = new State(LINEAGE, 1, new TreeMap<>(Map.of(a, new ResourceState(a, "1",
        Attributes.of(Map.of("load", List.of(Double.NaN))), false, Set.of()))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateJson.write(s));
    assertEquals("hcloud_server.arm1: attribute load[0] is NaN, which JSON cannot hold", e.getMessage());
  }
}
