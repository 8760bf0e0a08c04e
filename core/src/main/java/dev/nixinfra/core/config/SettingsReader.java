package dev.nixinfra.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads the top-level {@code state:}, {@code ssh:}, {@code hetzner:} and {@code nixos_infect:} blocks. */
final class SettingsReader {
  static final List<String> STATE_KEYS = List.of("backend", "path", "url");
  static final List<String> SSH_KEYS = List.of("identity", "known_hosts");
  static final List<String> HETZNER_KEYS = List.of("token", "location");
  static final List<String> NIXOS_INFECT_KEYS = List.of("commit", "sha256", "reboot_timeout");
  private static final Pattern LOCATION = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private SettingsReader() {}

  /** The state settings, defaults filled in; empty when an error was reported. */
  static Optional<StateSettings> state(YamlContext ctx, YamlMap root) {
    int errorsBefore = ctx.errorCount();
    YamlMap s = root.map("state").orElse(YamlMap.of(ctx, "state", root.owner(), null));
    s.allowOnly(STATE_KEYS);
    Optional<StateBackend> chosen = s.choice("backend", StateBackend.class);
    StateBackend backend = chosen.orElse(StateBackend.LOCAL);
    boolean known = chosen.isPresent() || !s.has("backend"); // no follow-on errors after a misspelt backend
    Optional<String> path = s.string("path");
    Optional<Secret> url = s.secret("url", false);
    if (known && backend == StateBackend.LOCAL && s.has("url")) {
      ctx.error(s.keyNode("url"), "`state.url` is only for the postgres backend",
          "remove it, or set `backend: postgres`");
    }
    if (known && backend == StateBackend.POSTGRES) {
      if (s.has("path")) {
        ctx.error(s.keyNode("path"), "`state.path` is only for the local backend",
            "remove it; the postgres backend keeps state in the database named by `url`");
      }
      s.require("url", "url: ${env:NIXINFRA_PG_URL}");
    }
    if (path.isPresent() && path.get().isBlank()) {
      ctx.error(s.value("path"), "`state.path` is empty", "write a file path, or remove the key for the default "
          + StateSettings.DEFAULT_PATH);
    }
    if (ctx.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(backend == StateBackend.LOCAL
        ? new StateSettings(backend, Optional.of(path.orElse(StateSettings.DEFAULT_PATH)), Optional.empty(),
            ctx.at(s.owner()))
        : new StateSettings(backend, Optional.empty(), url, ctx.at(s.owner())));
  }

  static Optional<SshSettings> ssh(YamlContext ctx, YamlMap root) {
    YamlMap s = root.map("ssh").orElse(YamlMap.of(ctx, "ssh", root.owner(), null));
    s.allowOnly(SSH_KEYS);
    Optional<String> identity = nonBlank(ctx, s, "identity");
    Optional<String> knownHosts = nonBlank(ctx, s, "known_hosts");
    if ((s.has("identity") && identity.isEmpty()) || (s.has("known_hosts") && knownHosts.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(new SshSettings(identity.orElse(SshSettings.DEFAULT_IDENTITY),
        knownHosts.orElse(SshSettings.DEFAULT_KNOWN_HOSTS), ctx.at(s.owner())));
  }

  /** The hetzner block. A token that names an unset variable is no token: planning works without credentials. */
  static HetznerSettings hetzner(YamlContext ctx, YamlMap h) {
    h.allowOnly(HETZNER_KEYS);
    Optional<Secret> token = h.secret("token", true);
    if (h.isLiteral("token")) {
      ctx.warning(h.value("token"), "the Hetzner token is written in " + ctx.file,
          "keep it out of the file and out of version control: write `token: ${env:HCLOUD_TOKEN}`");
    }
    Optional<String> location = h.string("location").filter(l -> {
      if (LOCATION.matcher(l).matches()) {
        return true;
      }
      ctx.error(h.value("location"), "`hetzner.location` is not a Hetzner location: `" + l + "`",
          "write a location name such as `fsn1`, `nbg1`, `hel1`, `ash`, `hil` or `sin`");
      return false;
    });
    return new HetznerSettings(token, location, ctx.at(h.owner()));
  }

  /**
   * The pin of the nixos_infect block: a reviewed commit and its script's sha256, both lower-case hex, given together
   * (a commit without its checksum cannot be run, and a checksum alone names no version). The block may hold only
   * {@code reboot_timeout}, which keeps the pins shipped with nixinfra; an empty block is reported as a missing pin
   * (a block with only a misspelt key gets its did-you-mean alone).
   */
  static Optional<InfectPin> nixosInfect(YamlContext ctx, YamlMap m) {
    m.allowOnly(NIXOS_INFECT_KEYS);
    if (m.has("commit") || m.has("sha256") || m.keys().isEmpty()) {
      m.require("commit", "commit: <the elitak/nixos-infect commit you reviewed>");
      m.require("sha256", "sha256: <sha256sum of nixos-infect at that commit>");
    }
    Optional<String> commit = m.string("commit").filter(c -> {
      if (InfectPin.COMMIT.matcher(c).matches()) {
        return true;
      }
      ctx.error(m.value("commit"), "`nixos_infect.commit` is not a git commit: `" + c + "`",
          "write the commit of elitak/nixos-infect you reviewed, 7 to 40 lower-case hex digits");
      return false;
    });
    Optional<String> sha256 = m.string("sha256").filter(h -> {
      if (InfectPin.SHA256.matcher(h).matches()) {
        return true;
      }
      ctx.error(m.value("sha256"), "`nixos_infect.sha256` is not a sha256: `" + h + "`",
          "write the 64 lower-case hex digits that `sha256sum nixos-infect` prints for that commit's script");
      return false;
    });
    if (commit.isEmpty() || sha256.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new InfectPin(commit.get(), sha256.get(), ctx.at(m.owner())));
  }

  /**
   * {@code nixos_infect.reboot_timeout}: how long a bootstrap waits for the host to come back as NixOS after its
   * reboot; a whole number of s, m or h, from 1s to {@link NixosInfect#MAX_REBOOT_TIMEOUT}. Empty when absent or
   * reported.
   */
  static Optional<Duration> rebootTimeout(YamlContext ctx, YamlMap m) {
    String key = "reboot_timeout";
    if (!m.has(key)) {
      return Optional.empty();
    }
    String example = "`" + key + ": 20m`";
    String max = Durations.format(NixosInfect.MAX_REBOOT_TIMEOUT);
    Node v = m.value(key);
    if (!YamlNodes.isScalar(v, Tag.STR)) {
      String detail = YamlNodes.isScalar(v, Tag.INT)
          ? "add a unit: `" + key + ": " + YamlNodes.text(v) + "m` for minutes, `" + YamlNodes.text(v)
              + "s` for seconds"
          : "write a whole number and a unit s, m or h, for example " + example;
      ctx.error(v, "`" + m.child(key) + "` must be a duration such as `20m`, not " + YamlNodes.describe(v), detail);
      return Optional.empty();
    }
    Optional<String> text = m.string(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> d = Durations.parse(text.get());
    if (d.isEmpty()) {
      ctx.error(v, "`" + m.child(key) + "` is not a duration: `" + text.get() + "`",
          "write a whole number and a unit s (seconds), m (minutes) or h (hours), for example " + example
              + " or `" + key + ": 1h`");
      return Optional.empty();
    }
    if (d.get().isZero()) {
      ctx.error(v, "`" + m.child(key) + "` must be longer than 0, not `" + text.get() + "`",
          "a rebooted host needs time to come back; write for example " + example + ", or remove the key for the "
              + "default of " + Durations.format(NixosInfect.DEFAULT_REBOOT_TIMEOUT));
      return Optional.empty();
    }
    if (d.get().compareTo(NixosInfect.MAX_REBOOT_TIMEOUT) > 0) {
      ctx.error(v, "`" + m.child(key) + "` must be at most " + max + ", not `" + text.get() + "`",
          "write " + max + " or less (the default is " + Durations.format(NixosInfect.DEFAULT_REBOOT_TIMEOUT)
              + "); a host that is not back within " + max + " needs a look at its console");
      return Optional.empty();
    }
    return d;
  }

  private static Optional<String> nonBlank(YamlContext ctx, YamlMap m, String key) {
    Optional<String> v = m.string(key);
    if (v.isPresent() && v.get().isBlank()) {
      ctx.error(m.value(key), "`" + m.child(key) + "` is empty", "write a path, or remove the key for the default");
      return Optional.empty();
    }
    return v;
  }
}
