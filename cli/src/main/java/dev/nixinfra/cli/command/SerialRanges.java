package dev.nixinfra.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * Serials as short text for messages: runs of consecutive serials as ranges, {@code 1-57, 60, 62-63}. Apply
 * writes a serial per resource step, so a plain list would run to hundreds of numbers.
 */
final class SerialRanges {
  private SerialRanges() {}

  static String of(SortedSet<Long> serials) {
    List<String> parts = new ArrayList<>();
    Long start = null;
    Long end = null;
    for (long s : serials) {
      if (end != null && s == end + 1) {
        end = s;
        continue;
      }
      if (start != null) {
        parts.add(part(start, end));
      }
      start = s;
      end = s;
    }
    if (start != null) {
      parts.add(part(start, end));
    }
    return String.join(", ", parts);
  }

  private static String part(long start, long end) {
    return start == end ? Long.toString(start) : start + "-" + end;
  }
}
