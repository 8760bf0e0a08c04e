package dev.nixinfra.providers.nixos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModuleMarkerTest {
  private static final String MODULE = "{ config, ... }:\n{\n  nix.settings.max-jobs = 4;\n}\n";

  @Test
  void aSealedModuleEndsWithItsMarkerAndNamesTheHashOfWhatIsAbove() {
    String sealed = ModuleMarker.seal(MODULE, "builder");
    assertTrue(sealed.startsWith("{ config, ... }:\n{\n  nix.settings.max-jobs = 4;\n"), sealed);
    assertTrue(sealed.endsWith("  environment.etc.\"nixinfra/builder.active\".text = \""
        + ModuleMarker.expected(sealed).orElseThrow() + "\\n\";\n}\n"), sealed);
    // sha256 of MODULE, as `sha256sum` prints it for the same bytes
    assertEquals("e18e7c7822302568b2e7296d01b2b906f5ce7154bddbae2681510e2bcd7d1a63",
        ModuleMarker.expected(sealed).orElseThrow());
  }

  @Test
  void anotherModuleHasAnotherHashAndTheRoleNamesTheFile() {
    String a = ModuleMarker.seal(MODULE, "client");
    String b = ModuleMarker.seal(MODULE.replace("4", "5"), "client");
    assertNotEquals(ModuleMarker.expected(a), ModuleMarker.expected(b));
    assertEquals("/etc/nixinfra/client.active", ModuleMarker.path("client"));
  }

  @Test
  void unsealedTextHasNoMarkerAndAModuleMustEndWithItsBrace() {
    assertEquals(Optional.empty(), ModuleMarker.expected(MODULE));
    assertThrows(IllegalArgumentException.class, () -> ModuleMarker.seal("{ }", "builder"));
  }
}
