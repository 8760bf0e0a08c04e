package dev.nixinfra.core.graph;

import static dev.nixinfra.core.testing.Fixtures.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {
  private final DependencyGraph fleet = DependencyGraph.of(Map.of(
      addr("client.ci"), Set.of(addr("builder.arm1"), addr("client_key.ci")),
      addr("builder.arm1"), Set.of(addr("hcloud_server.arm1"), addr("client_key.ci")),
      addr("hcloud_server.arm1"), Set.of(addr("hcloud_ssh_key.acme")),
      addr("hcloud_ssh_key.acme"), Set.of(),
      addr("client_key.ci"), Set.of(addr("outside.graph"))));

  @Test
  void ordersEveryNodeAfterItsDependenciesStably() {
    assertEquals(List.of(addr("client_key.ci"), addr("hcloud_ssh_key.acme"), addr("hcloud_server.arm1"),
        addr("builder.arm1"), addr("client.ci")), fleet.topologicalOrder());
  }

  @Test
  void closures() {
    assertEquals(Set.of(addr("builder.arm1"), addr("hcloud_server.arm1"), addr("hcloud_ssh_key.acme"),
        addr("client_key.ci")), fleet.withDependencies(Set.of(addr("builder.arm1"))));
    assertEquals(Set.of(addr("hcloud_server.arm1"), addr("builder.arm1"), addr("client.ci")),
        fleet.withDependents(Set.of(addr("hcloud_server.arm1"))));
  }

  @Test
  void findsCycles() {
    assertTrue(fleet.findCycle().isEmpty());
    DependencyGraph cyclic = DependencyGraph.of(Map.of(addr("builder.a"), Set.of(addr("builder.b")),
        addr("builder.b"), Set.of(addr("builder.c")), addr("builder.c"), Set.of(addr("builder.a"))));
    List<Address> cycle = cyclic.findCycle().orElseThrow();
    assertEquals(List.of(addr("builder.a"), addr("builder.b"), addr("builder.c"), addr("builder.a")), cycle);
    assertThrows(IllegalStateException.class, cyclic::topologicalOrder);
  }

  @Test
  void rendersDot() {
    String dot = fleet.toDot();
    assertTrue(dot.startsWith("digraph nixinfra {"));
    assertTrue(dot.contains("\"client.ci\" -> \"builder.arm1\";"));
    assertTrue(!dot.contains("outside.graph"), "edges leaving the graph are not drawn");
  }
}
