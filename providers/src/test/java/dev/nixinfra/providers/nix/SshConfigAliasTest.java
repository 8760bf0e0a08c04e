package dev.nixinfra.providers.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SshConfigAliasTest {
  @Test
  void rendersAHostBlockWhoseKeyIsLookedUpUnderTheAlias() {
    assertEquals("""
        Host nixinfra-office
          HostName build.acme.example
          Port 2222
          HostKeyAlias nixinfra-office
        """, SshConfigAlias.forBuilder("office", "build.acme.example", 2222).render());
  }

  @Test
  void ipv6HostNamesLoseTheirBrackets() {
    assertEquals("2001:db8::1", SshConfigAlias.forBuilder("b", "[2001:db8::1]", 22).hostName());
  }

  @Test
  void blocksAreSeparatedByAnEmptyLine() {
    String all = SshConfigAlias.renderAll(List.of(
        SshConfigAlias.forBuilder("a", "a.example", 2201), SshConfigAlias.forBuilder("b", "10.77.250.2", 2202)));
    assertEquals("""
        Host nixinfra-a
          HostName a.example
          Port 2201
          HostKeyAlias nixinfra-a

        Host nixinfra-b
          HostName 10.77.250.2
          Port 2202
          HostKeyAlias nixinfra-b
        """, all);
    assertEquals("", SshConfigAlias.renderAll(List.of()));
  }

  @Test
  void refusesPatternsAndBadPorts() {
    assertThrows(IllegalArgumentException.class, () -> SshConfigAlias.aliasFor("*"));
    assertThrows(IllegalArgumentException.class, () -> new SshConfigAlias("nixinfra-a", "a b", 22));
    assertThrows(IllegalArgumentException.class, () -> new SshConfigAlias("nixinfra-a", "a", 0));
  }
}
