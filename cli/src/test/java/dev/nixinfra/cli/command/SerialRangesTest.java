package dev.nixinfra.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SerialRangesTest {
  @Test
  void runsOfConsecutiveSerialsBecomeRanges() {
    assertEquals("", SerialRanges.of(new TreeSet<>()));
    assertEquals("4", SerialRanges.of(new TreeSet<>(List.of(4L))));
    assertEquals("1-3", SerialRanges.of(new TreeSet<>(List.of(1L, 2L, 3L))));
    assertEquals("1-2, 5, 7-9", SerialRanges.of(new TreeSet<>(List.of(9L, 1L, 2L, 5L, 7L, 8L))));
  }
}
