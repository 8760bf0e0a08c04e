package dev.nixinfra.providers.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OsReleaseTest {
  @Test
  void readsTheIdLineOnly() {
    assertEquals(Optional.of("nixos"), OsRelease.id("NAME=NixOS\nID_LIKE=\"x\"\nID=nixos\nVERSION_ID=\"25.05\"\n"));
    assertEquals(Optional.of("ubuntu"), OsRelease.id("VERSION_ID=\"24.04\"\nID=\"ubuntu\"\n"));
    assertEquals(Optional.of("debian"), OsRelease.id("  ID='debian'  \n"));
  }

  @Test
  void noIdIsEmpty() {
    assertEquals(Optional.empty(), OsRelease.id(""));
    assertEquals(Optional.empty(), OsRelease.id("ID_LIKE=debian\nID=\n"));
  }
}
