package dev.nixinfra.providers.nix;

import dev.nixinfra.core.config.BuilderConfig;
import dev.nixinfra.core.config.ClientConfig;
import dev.nixinfra.core.config.Tuning;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The nix.conf settings nixinfra owns, as the content of a {@link ManagedBlock}: later lines of nix.conf win, and
 * the block goes at the end, so these take effect over the user's own without editing them.
 */
public final class NixConfBlock {
  public static final String NIX_CONF = "/etc/nix/nix.conf";
  /** Determinate's installer makes nix.conf include this file; with Determinate Nix it is the only supported one. */
  public static final String NIX_CUSTOM_CONF = "/etc/nix/nix.custom.conf";
  /** Nix's default machines file, kept in {@code builders} so a user's own machines stay in use. */
  public static final String DEFAULT_MACHINES = "/etc/nix/machines";
  /** The machines file nixinfra owns on a client. */
  public static final String NIXINFRA_MACHINES = "/etc/nix/nixinfra-machines";

  private static final Pattern INCLUDES_CUSTOM =
      Pattern.compile("(?m)^\\s*!?include\\s+(/etc/nix/)?nix\\.custom\\.conf\\s*$");

  private NixConfBlock() {}

  /**
   * Which file gets the block, from the text of {@code /etc/nix/nix.conf}: {@link #NIX_CUSTOM_CONF} when nix.conf
   * includes it (Determinate's installer writes {@code !include nix.custom.conf}; Determinate Nix owns nix.conf and
   * rewrites it), else {@link #NIX_CONF}.
   */
  public static String targetFile(String nixConfText) {
    return INCLUDES_CUSTOM.matcher(nixConfText).find() ? NIX_CUSTOM_CONF : NIX_CONF;
  }

  /**
   * {@code system-features} for a builder: its own defaults plus the declared supported and mandatory features,
   * sorted. Setting {@code system-features} replaces Nix's defaults, so they are listed again; a builder whose
   * declared features add nothing gets no line, which keeps Nix's detection (kvm) in charge.
   */
  public static Optional<List<String>> systemFeatures(List<String> own, List<String> supported,
      List<String> mandatory) {
    TreeSet<String> all = new TreeSet<>(Fields.requireAll(Fields.FEATURE, own, "feature"));
    all.addAll(Fields.requireAll(Fields.FEATURE, supported, "feature"));
    all.addAll(Fields.requireAll(Fields.FEATURE, mandatory, "feature"));
    return all.equals(new TreeSet<>(own)) ? Optional.empty() : Optional.of(List.copyOf(all));
  }

  /**
   * The builder's block: trust for the build user, jobs, cores, GC thresholds in bytes and system features.
   *
   * <p>Trust is added with {@code extra-trusted-users} where Nix knows {@code extra-} (2.4+), so the user's own
   * trusted users stay. Nix 2.3 has only {@code trusted-users}, which replaces the list: it is written as
   * {@code root <user>}.
   *
   * @param ownSystemFeatures what the builder's Nix reports as {@code system-features} before nixinfra sets any
   */
  public static String forBuilder(String buildUser, int maxJobs, Tuning tuning, List<String> ownSystemFeatures,
      List<String> supportedFeatures, List<String> mandatoryFeatures, NixVersion version) {
    Fields.require(Fields.USER, buildUser, "build user");
    Objects.requireNonNull(tuning, "tuning");
    if (maxJobs < 1) {
      throw new IllegalArgumentException("max-jobs of a builder must be at least 1, not " + maxJobs);
    }
    StringBuilder b = new StringBuilder();
    b.append(version.acceptsExtraPrefix()
        ? "extra-trusted-users = " + buildUser : "trusted-users = root " + buildUser).append('\n');
    b.append("max-jobs = ").append(maxJobs).append('\n');
    tuning.cores().ifPresent(c -> b.append("cores = ").append(c).append('\n'));
    tuning.minFree().ifPresent(m -> b.append("min-free = ").append(m).append('\n'));
    tuning.maxFree().ifPresent(m -> b.append("max-free = ").append(m).append('\n'));
    systemFeatures(ownSystemFeatures, supportedFeatures, mandatoryFeatures)
        .ifPresent(f -> b.append("system-features = ").append(String.join(" ", f)).append('\n'));
    return b.toString();
  }

  /** {@link #forBuilder(String, int, Tuning, List, List, List, NixVersion)} with the builder's configured values. */
  public static String forBuilder(BuilderConfig builder, List<String> ownSystemFeatures, NixVersion version) {
    return forBuilder(builder.user(), builder.maxJobs(), builder.tuning(), ownSystemFeatures,
        builder.supportedFeatures().orElse(List.of()), builder.mandatoryFeatures(), version);
  }

  /**
   * The client's block: {@code builders} naming Nix's default machines file and nixinfra's (entries may be
   * separated by {@code ;}, a missing file is ignored, and {@code builders} is a string setting, so there is no
   * {@code extra-builders}); {@code builders-use-substitutes}; {@code max-jobs} when configured. No space follows
   * the {@code ;}: Nix 2.8 splits on it and only then looks for the {@code @}, so {@code " @file"} would be taken
   * for a machine named {@code @file} (seen in the fleet lab: "building ... on '@/etc/nix/nixinfra-machines'").
   */
  public static String forClient(String machinesFile, boolean buildersUseSubstitutes, Optional<Integer> maxJobs) {
    Fields.require(Fields.PATH, machinesFile, "machines file");
    Objects.requireNonNull(maxJobs, "maxJobs");
    String builders = machinesFile.equals(DEFAULT_MACHINES)
        ? "@" + DEFAULT_MACHINES : "@" + DEFAULT_MACHINES + ";@" + machinesFile;
    StringBuilder b = new StringBuilder("builders = ").append(builders).append('\n');
    b.append("builders-use-substitutes = ").append(buildersUseSubstitutes).append('\n');
    maxJobs.ifPresent(m -> {
      if (m < 0) {
        throw new IllegalArgumentException("max-jobs must not be negative: " + m);
      }
      b.append("max-jobs = ").append(m).append('\n');
    });
    return b.toString();
  }

  /** {@link #forClient(String, boolean, Optional)} with the client's configured values and nixinfra's machines file. */
  public static String forClient(ClientConfig client) {
    return forClient(NIXINFRA_MACHINES, client.buildersUseSubstitutes(), client.maxJobs());
  }
}
