package dev.nixinfra.providers.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ManagedBlockTest {
  static final String B = ManagedBlock.BEGIN;
  static final String E = ManagedBlock.END;

  /** Texts without a block, chosen for the traps: emptiness, final newlines, CRLF, blank lines, lookalike lines. */
  static Stream<String> originals() {
    List<String> fixed = List.of(
        "",
        "\n",
        "\r\n",
        "\n\n",
        "a",
        "a\n",
        "a\n\n",
        "a\n\n\n",
        "a\r\n",
        "a\r\nb",
        "a\r\nb\r\n",
        "a\nb\r\n",
        "  ",
        "max-jobs = 4\nsandbox = true\n",
        "# nixinfra was here\n# END nixinfra is near\n#BEGIN nixinfra\n",
        "# BEGIN nixinfra (managed; do not edit) -- not quite\n",
        "trusted-users = root # nixinfra\n",
        "builders = @/etc/nix/machines",
        "\ttabbed\n  indented  \n");
    List<String> all = new ArrayList<>(fixed);
    Random random = new Random(42);
    String[] pieces = {"x", "y = 1", "", "#", "# nixinfra", " ", "\t"};
    String[] endings = {"\n", "\r\n"};
    for (int i = 0; i < 200; i++) {
      StringBuilder sb = new StringBuilder();
      String nl = endings[random.nextInt(2)];
      int n = random.nextInt(6);
      for (int j = 0; j < n; j++) {
        sb.append(pieces[random.nextInt(pieces.length)]);
        if (j < n - 1 || random.nextBoolean()) {
          sb.append(nl);
        }
      }
      all.add(sb.toString());
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("originals")
  void insertThenRemoveGivesTheOriginalBack(String original) {
    String with = ManagedBlock.upsert(original, "builders-use-substitutes = true\nmax-jobs = 0\n");
    assertTrue(with.startsWith(original), "the user's text is kept as a prefix");
    assertEquals(Optional.of("builders-use-substitutes = true\nmax-jobs = 0\n"), ManagedBlock.read(with));
    assertEquals(original, ManagedBlock.remove(with));
    String replaced = ManagedBlock.upsert(with, "max-jobs = 2");
    assertEquals(Optional.of("max-jobs = 2\n"), ManagedBlock.read(replaced));
    assertEquals(original, ManagedBlock.remove(replaced));
    assertEquals(replaced, ManagedBlock.upsert(replaced, "max-jobs = 2\n"), "upsert is idempotent");
  }

  @ParameterizedTest
  @MethodSource("originals")
  void textWithoutABlockIsLeftAlone(String original) {
    assertEquals(Optional.empty(), ManagedBlock.read(original));
    assertEquals(original, ManagedBlock.remove(original));
    assertFalse(ManagedBlock.isPresent(original));
  }

  @Test
  void exactInsertions() {
    assertEquals(B + "\nx\n" + E + "\n", ManagedBlock.upsert("", "x"));
    assertEquals("a\n\n" + B + "\nx\n" + E + "\n", ManagedBlock.upsert("a\n", "x\n"));
    assertEquals("a\n\n" + B + "\nx\n" + E, ManagedBlock.upsert("a", "x"));
    assertEquals("a\r\n\r\n" + B + "\r\nx\r\ny\r\n" + E + "\r\n", ManagedBlock.upsert("a\r\n", "x\r\ny"));
    assertEquals(B + "\n" + E + "\n", ManagedBlock.upsert("", ""));
    assertEquals(Optional.of(""), ManagedBlock.read(B + "\n" + E + "\n"));
  }

  @Test
  void replacesInPlaceKeepingLinesAfterTheBlock() {
    String text = "a\n" + B + "\nold\n" + E + "\nuser line after\n";
    assertEquals("a\n" + B + "\nnew 1\nnew 2\n" + E + "\nuser line after\n",
        ManagedBlock.upsert(text, "new 1\nnew 2\n"));
    assertEquals("a\nuser line after\n", ManagedBlock.remove(text));
    // Inserted at the end after an empty line, then the user appended below it: the empty line was ours.
    assertEquals("a\nuser line after\n",
        ManagedBlock.remove("a\n\n" + B + "\nold\n" + E + "\nuser line after\n"));
  }

  @Test
  void markersMayCarryTrailingSpaceOrCr() {
    String text = "a\n" + B + "  \nx\n" + E + "\t\n";
    assertEquals(Optional.of("x\n"), ManagedBlock.read(text));
  }

  @Test
  void damagedMarkersAreReportedNotGuessed() {
    DamagedBlockException noEnd = assertThrows(DamagedBlockException.class,
        () -> ManagedBlock.read("a\n" + B + "\nx\n"));
    assertEquals("line 2 begins a nixinfra block that never ends; repair the markers by hand (keep one `" + B
        + "` ... `" + E + "` pair, or delete both and the lines between them), then run nixinfra again",
        noEnd.getMessage());
    assertTrue(assertThrows(DamagedBlockException.class, () -> ManagedBlock.remove("x\n" + E + "\n"))
        .getMessage().startsWith("line 2 ends a nixinfra block that never began"));
    assertTrue(assertThrows(DamagedBlockException.class,
        () -> ManagedBlock.upsert(B + "\n" + E + "\n" + B + "\n" + E + "\n", "x")).getMessage()
        .startsWith("more than one nixinfra block: BEGIN on line(s) [1, 3], END on line(s) [2, 4]"));
    assertTrue(assertThrows(DamagedBlockException.class,
        () -> ManagedBlock.read(E + "\n" + B + "\n")).getMessage()
        .startsWith("the nixinfra END marker (line 1) comes before its BEGIN marker (line 2)"));
  }

  @Test
  void contentMayNotHoldMarkers() {
    assertThrows(IllegalArgumentException.class, () -> ManagedBlock.upsert("", "x\n" + E + "\n"));
    assertThrows(IllegalArgumentException.class, () -> ManagedBlock.upsert("", B));
  }
}
