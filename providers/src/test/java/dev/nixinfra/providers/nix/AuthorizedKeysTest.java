package dev.nixinfra.providers.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nixinfra.core.config.BuilderOs;
import dev.nixinfra.core.config.Protocol;
import dev.nixinfra.providers.nix.AuthorizedKeys.ClientKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizedKeysTest {
  static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc root@laptop";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SSH_NG | NIXOS | restrict,command=\"/run/current-system/sw/bin/nix-daemon --stdio\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc nixinfra@laptop",
      "SSH    | NIXOS | restrict,command=\"/run/current-system/sw/bin/nix-store --serve --write\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc nixinfra@laptop",
      "SSH_NG | NIX   | restrict,command=\"/nix/var/nix/profiles/default/bin/nix-daemon --stdio\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc nixinfra@laptop",
      "SSH    | NIX   | restrict,command=\"/nix/var/nix/profiles/default/bin/nix-store --serve --write\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc nixinfra@laptop",
  })
  void oneRestrictedLinePerProtocolAndOs(Protocol protocol, BuilderOs os, String expected) {
    assertEquals(expected, AuthorizedKeys.line(protocol, AuthorizedKeys.binDir(os), new ClientKey("laptop", KEY)));
  }

  @Test
  void rendersSortedByClient() {
    String text = AuthorizedKeys.render(Protocol.SSH_NG, "/run/current-system/sw/bin/", List.of(
        new ClientKey("laptop", KEY), new ClientKey("ci", "ssh-rsa AAAAB3NzaC1yc2E=")));
    assertEquals("""
        restrict,command="/run/current-system/sw/bin/nix-daemon --stdio" ssh-rsa AAAAB3NzaC1yc2E= nixinfra@ci
        restrict,command="/run/current-system/sw/bin/nix-daemon --stdio" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc nixinfra@laptop
        """, text);
  }

  @Test
  void refusesKeysThatCouldInjectOptionsOrLines() {
    assertThrows(IllegalArgumentException.class, () -> new ClientKey("c", "command=\"sh\" ssh-ed25519 AAAA"));
    assertThrows(IllegalArgumentException.class, () -> new ClientKey("c", KEY + "\nssh-ed25519 AAAA evil"));
    assertThrows(IllegalArgumentException.class, () -> new ClientKey("c", "ssh-ed25519"));
    assertThrows(IllegalArgumentException.class, () -> new ClientKey("c d", KEY));
    assertThrows(IllegalArgumentException.class, () -> AuthorizedKeys.forcedCommand(Protocol.SSH, "bin dir"));
  }
}
