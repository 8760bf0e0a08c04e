package dev.nixinfra.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nixinfra.providers.nix.ManagedBlock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
  static final String PATH = "/etc/nix/nix.conf";

  @Test
  void equalTextsHaveNoDiff() {
    assertEquals("", UnifiedDiff.of(PATH, "a\n", "a\n"));
    assertEquals("", UnifiedDiff.of(PATH, Optional.empty(), Optional.empty()));
  }

  @Test
  void aNewFileIsAllAdded() {
    assertEquals("""
        --- /dev/null
        +++ /etc/nix/nixinfra-machines
        @@ -0,0 +1,2 @@
        +# header
        +ssh-ng://u@h x86_64-linux /k 1 1 - - -
        """, UnifiedDiff.of("/etc/nix/nixinfra-machines", Optional.empty(),
        Optional.of("# header\nssh-ng://u@h x86_64-linux /k 1 1 - - -\n")));
  }

  @Test
  void aDeletedFileIsAllRemoved() {
    assertEquals("""
        --- /etc/ssh/ssh_config.d/nixinfra.conf
        +++ /dev/null
        @@ -1,1 +0,0 @@
        -Host nixinfra-a
        """, UnifiedDiff.of("/etc/ssh/ssh_config.d/nixinfra.conf", Optional.of("Host nixinfra-a\n"),
        Optional.empty()));
  }

  @Test
  void anAppendedBlockShowsWithContext() {
    String before = "a\nb\nc\nd\ne\n";
    String after = ManagedBlock.upsert(before, "max-jobs = 0");
    assertEquals("""
        --- /etc/nix/nix.conf
        +++ /etc/nix/nix.conf
        @@ -3,3 +3,7 @@
         c
         d
         e
        +
        +# BEGIN nixinfra (managed; do not edit)
        +max-jobs = 0
        +# END nixinfra
        """, UnifiedDiff.of(PATH, before, after));
  }

  @Test
  void aChangeInsideTheBlock() {
    String before = ManagedBlock.upsert("sandbox = true\n", "max-jobs = 0\nbuilders-use-substitutes = true\n");
    String after = ManagedBlock.upsert(before, "max-jobs = 2\nbuilders-use-substitutes = true\n");
    assertEquals("""
        --- /etc/nix/nix.conf
        +++ /etc/nix/nix.conf
        @@ -1,6 +1,6 @@
         sandbox = true
        \s
         # BEGIN nixinfra (managed; do not edit)
        -max-jobs = 0
        +max-jobs = 2
         builders-use-substitutes = true
         # END nixinfra
        """, UnifiedDiff.of(PATH, before, after));
  }

  @Test
  void onlyTheFinalNewlineChanged() {
    assertEquals("""
        --- /etc/nix/nix.conf
        +++ /etc/nix/nix.conf
        @@ -1,2 +1,2 @@
         a
        -b
        \\ No newline at end of file
        +b
        """, UnifiedDiff.of(PATH, "a\nb", "a\nb\n"));
  }
}
