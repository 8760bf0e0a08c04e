package dev.nixinfra.providers.nixos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nixinfra.core.config.Protocol;
import dev.nixinfra.providers.nix.AuthorizedKeys.ClientKey;
import dev.nixinfra.providers.nix.TenantStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantModuleTest {
  static final ClientKey LAPTOP = new ClientKey("alice-laptop", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc root@x");
  static final ClientKey CI = new ClientKey("alice-ci", "ssh-rsa AAAAB3NzaC1yc2E=");
  static final TenantStore STORE = new TenantStore("/var/lib/nixinfra/tenants/alice", Optional.of(1L << 30),
      Optional.of(8L << 30), Optional.empty());

  static TenantModule.Settings alice() {
    return new TenantModule.Settings("big-alice", "nixinfra-alice", Protocol.SSH_NG, STORE, List.of(LAPTOP, CI));
  }

  @Test
  void declaresAnUntrustedUserWhoseKeysServeOnlyTheTenantsStore(@TempDir Path tmp) throws Exception {
    String text = TenantModule.render(alice());
    Golden.assertText("tenant.nix", text);
    NixInstantiate.assertParses(text, tmp);
    JsonNode json = NixInstantiate.evalModule(text, tmp);
    Golden.assertJson("tenant.json", json);
    JsonNode user = json.at("/users/users/nixinfra-alice");
    assertTrue(user.get("isSystemUser").asBoolean());
    assertTrue(user.get("useDefaultShell").asBoolean(), "sshd runs the forced command with $SHELL -c");
    assertEquals("nixinfra-alice", user.get("group").asText());
    assertEquals("restrict,command=\"/run/current-system/sw/bin/nix-daemon --stdio --store "
            + "/var/lib/nixinfra/tenants/alice --option min-free 1073741824 --option max-free 8589934592\" "
            + "ssh-rsa AAAAB3NzaC1yc2E= nixinfra@alice-ci",
        user.at("/openssh/authorizedKeys/keys/0").asText(), "sorted by client, forced to the tenant's store");
    assertEquals("[\"d /var/lib/nixinfra/tenants/alice 0700 nixinfra-alice nixinfra-alice -\"]",
        json.at("/systemd/tmpfiles/rules").toString());
    assertTrue(json.at("/nix").isMissingNode(), "the tenant's user is never trusted by the shared daemon");
    assertEquals(Optional.of("/etc/nixinfra/tenant-big-alice.active"),
        Optional.of(ModuleMarker.path(TenantModule.role("big-alice"))));
    assertTrue(json.at("/environment/etc/nixinfra~1tenant-big-alice.active/text").asText().endsWith("\n"));
    assertEquals(ModuleMarker.expected(text).orElseThrow() + "\n",
        json.at("/environment/etc/nixinfra~1tenant-big-alice.active/text").asText());
  }

  @Test
  void sshProtocolForcesNixStoreServeOnTheTenantsStore(@TempDir Path tmp) throws Exception {
    String text = TenantModule.render(new TenantModule.Settings("big-bob", "nixinfra-bob", Protocol.SSH,
        new TenantStore("/srv/tenants/bob", Optional.empty(), Optional.empty(), Optional.of(2L)), List.of(CI)));
    JsonNode json = NixInstantiate.evalModule(text, tmp);
    assertEquals("restrict,command=\"/run/current-system/sw/bin/nix-store --serve --write --store /srv/tenants/bob "
        + "--option cores 2\" ssh-rsa AAAAB3NzaC1yc2E= nixinfra@alice-ci",
        json.at("/users/users/nixinfra-bob/openssh/authorizedKeys/keys/0").asText());
  }

  @Test
  void pathsAndRoles() {
    assertEquals("/etc/nixos/nixinfra-tenant-big-alice.nix", TenantModule.path("big-alice"));
    assertEquals("./nixinfra-tenant-big-alice.nix", TenantModule.importPath("big-alice"));
    assertTrue(TenantModule.isPath("/etc/nixos/nixinfra-tenant-big-alice.nix"));
    assertFalse(TenantModule.isPath("/etc/nixos/nixinfra-builder.nix"));
    assertFalse(TenantModule.isPath("/etc/nixos/nixinfra-tenant-../x.nix"));
  }

  @Test
  void refusesStoresThatAreNotPlainDirectoriesOutsideNix() {
    for (String bad : List.of("/nix/tenants/a", "relative", "/a b", "/a\"b", "/x/../nix/store", "/tenants/")) {
      assertThrows(IllegalArgumentException.class,
          () -> new TenantStore(bad, Optional.empty(), Optional.empty(), Optional.empty()), bad);
    }
  }
}
