package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.SourceLocation;
import java.util.Objects;
import java.util.Optional;

/**
 * A builder's {@code tuning:} block: nix daemon settings. Absent values are left as the builder has them.
 *
 * @param minFree bytes; garbage collection starts when free space falls below
 * @param maxFree bytes; garbage collection stops once this much is free; greater than minFree
 * @param cores cores per build, 0 for all
 * @param memoryMax a percentage such as {@code 90%}, or a number of bytes as text
 */
public record Tuning(
    Optional<Long> minFree,
    Optional<Long> maxFree,
    Optional<Long> cores,
    Optional<String> memoryMax,
    Optional<SourceLocation> location) {
  public static final Tuning NONE =
      new Tuning(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public Tuning {
    Objects.requireNonNull(minFree, "minFree");
    Objects.requireNonNull(maxFree, "maxFree");
    Objects.requireNonNull(cores, "cores");
    Objects.requireNonNull(memoryMax, "memoryMax");
    Objects.requireNonNull(location, "location");
    if (minFree.isPresent() && maxFree.isPresent() && minFree.get() >= maxFree.get()) {
      throw new IllegalArgumentException("min_free must be less than max_free");
    }
    if (cores.isPresent() && cores.get() < 0) {
      throw new IllegalArgumentException("cores must not be negative");
    }
  }
}
