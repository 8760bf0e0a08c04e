package dev.nixinfra.core.state;

import java.time.Instant;
import java.util.Objects;

/** One snapshot in a state's history. */
public record StateVersion(String lineage, long serial, Instant written, int resourceCount) {
  public StateVersion {
    Objects.requireNonNull(lineage, "lineage");
    Objects.requireNonNull(written, "written");
  }
}
