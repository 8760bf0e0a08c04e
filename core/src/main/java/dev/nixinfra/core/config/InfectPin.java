package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.SourceLocation;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A reviewed version of nixos-infect: the commit of elitak/nixos-infect that bootstraps run, and the sha256 of
 * its script at that commit, checked on the host before the script runs as root.
 *
 * @param location the {@code nixos_infect:} block in the configuration, for messages
 */
public record InfectPin(String commit, String sha256, SourceLocation location) {
  public static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");
  public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public InfectPin {
    Objects.requireNonNull(location, "location");
    if (commit == null || !COMMIT.matcher(commit).matches()) {
      throw new IllegalArgumentException("not a git commit: " + commit);
    }
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a sha256: " + sha256);
    }
  }
}
