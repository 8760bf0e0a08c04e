package dev.nixinfra.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.Ref;
import dev.nixinfra.core.model.ResourceConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A builder shared by tenants: one resource per tenant, and each tenant's clients reach only their tenant. */
class TenantsExpanderTest {
  static final String YAML = """
      stack: shared
      builders:
        big:
          host: big.acme.example
          systems: [x86_64-linux]
          max_jobs: 4
          tuning: { min_free: 1G, max_free: 8G, cores: 2 }
          tenants:
            alice: { clients: [alice-laptop], max_jobs: 8 }
            bob: { clients: [bob-ci], user: bob-builds, store: /srv/nix-tenants/bob, tuning: { min_free: 2G } }
        small:
          host: small.acme.example
          systems: [x86_64-linux]
      clients:
        alice-laptop: { kind: nixos, host: alice.acme.example, builders: [big, small] }
        bob-ci: { kind: nix-linux, host: ci.acme.example, builders: all }
        carol: { kind: nix-linux, host: carol.acme.example, builders: all }
      """;
  static final Desired D = Expander.expand(Fixtures.valid(YAML));

  static ResourceConfig r(String address) {
    return D.resources().get(Address.parse(address));
  }

  static Object attr(String address, String name) {
    return r(address).attributes().get(name).orElse(null);
  }

  @Test
  void eachTenantIsAResourceThatComesAfterItsBuilder() {
    assertTrue(D.resources().containsKey(Address.parse("tenant.big-alice")));
    assertTrue(D.resources().containsKey(Address.parse("tenant.big-bob")));
    assertEquals(Set.of(Address.parse("builder.big"), Address.parse("client_key.alice-laptop")),
        r("tenant.big-alice").dependsOn());
    assertEquals("alice", attr("tenant.big-alice", "tenant"));
    assertEquals("big", attr("tenant.big-alice", "builder"));
    assertEquals("big.acme.example", attr("tenant.big-alice", "host"));
    assertEquals(new Ref(Address.parse("builder.big"), "host_key"), attr("tenant.big-alice", "host_key"));
  }

  @Test
  void usersAndStoresDefaultPerTenantAndCanBeSet() {
    assertEquals("nixinfra-alice", attr("tenant.big-alice", "user"));
    assertEquals("/var/lib/nixinfra/tenants/alice", attr("tenant.big-alice", "store"));
    assertEquals("nixinfra-alice", attr("tenant.big-alice", "store_owner"));
    assertEquals("bob-builds", attr("tenant.big-bob", "user"));
    assertEquals("/srv/nix-tenants/bob", attr("tenant.big-bob", "store"));
  }

  @Test
  void tuningIsTheTenantsOwnElseTheBuilders() {
    assertEquals(1L << 30, attr("tenant.big-alice", "min_free"));
    assertEquals(2L << 30, attr("tenant.big-bob", "min_free"));
    assertEquals(8L << 30, attr("tenant.big-bob", "max_free"));
    assertEquals(2L, attr("tenant.big-bob", "cores"));
  }

  @Test
  void aTenantAuthorizesOnlyItsClientsKeysAndTheBuilderNone() {
    assertEquals(List.of(new Ref(Address.parse("client_key.alice-laptop"), "public_key")),
        attr("tenant.big-alice", "authorized_keys"));
    assertEquals(List.of(new Ref(Address.parse("client_key.bob-ci"), "public_key")),
        attr("tenant.big-bob", "authorized_keys"));
    assertEquals(List.of(), attr("builder.big", "authorized_keys"));
    assertEquals(3, ((List<?>) attr("builder.small", "authorized_keys")).size());
  }

  @Test
  void aTenantsClientLogsInAsTheTenantWithItsJobs() {
    Map<?, ?> big = machine("client.alice-laptop", "big-alice");
    assertEquals("nixinfra-alice", big.get("user"));
    assertEquals(8L, big.get("max_jobs"));
    assertEquals("big.acme.example", big.get("host"));
    assertTrue(r("client.alice-laptop").dependsOn().contains(Address.parse("tenant.big-alice")));
    Map<?, ?> small = machine("client.alice-laptop", "small");
    assertEquals("remotebuild", small.get("user"));
    assertEquals(4L, machine("client.bob-ci", "big-bob").get("max_jobs"));
  }

  @Test
  void allLeavesOutTheBuildersWhoseTenantsDoNotNameTheClient() {
    List<?> carol = (List<?>) attr("client.carol", "machines");
    assertEquals(List.of("small"), carol.stream().map(m -> ((Map<?, ?>) m).get("builder")).toList());
    List<?> bob = (List<?>) attr("client.bob-ci", "machines");
    assertEquals(List.of("big-bob", "small"), bob.stream().map(m -> ((Map<?, ?>) m).get("builder")).toList());
    assertFalse(r("client.carol").dependsOn().contains(Address.parse("builder.big")));
  }

  @Test
  void onABootstrappedHetznerBuilderATenantFollowsTheServerAndItsPinnedKey() {
    Desired d = Expander.expand(Fixtures.valid("""
        stack: shared
        hetzner: { location: fsn1 }
        nixos_infect: { commit: 6981987f8bd5f2f2b7b3c3c3d2cd4e6a1c2b9f00, sha256: %s }
        builders:
          big:
            hetzner: { server_type: cax41 }
            bootstrap: nixos-infect
            systems: [aarch64-linux]
            tenants: { alice: { clients: [laptop] } }
        clients:
          laptop: { kind: nixos, host: laptop.acme.example, builders: [big] }
        """.formatted("a".repeat(64))));
    ResourceConfig t = d.resources().get(Address.parse("tenant.big-alice"));
    assertEquals(new Ref(Address.parse("hcloud_server.big"), "ipv4"), t.attributes().get("host").orElseThrow());
    assertEquals("nixos", t.attributes().get("os").orElseThrow());
    assertEquals(new Ref(Address.parse("builder.big"), "host_key"), t.attributes().get("host_key").orElseThrow());
  }

  private static Map<?, ?> machine(String client, String builder) {
    for (Object m : (List<?>) attr(client, "machines")) {
      if (builder.equals(((Map<?, ?>) m).get("builder"))) {
        return (Map<?, ?>) m;
      }
    }
    throw new AssertionError(client + " has no machines entry " + builder);
  }
}
