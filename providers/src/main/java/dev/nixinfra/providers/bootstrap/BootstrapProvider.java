package dev.nixinfra.providers.bootstrap;

import dev.nixinfra.core.config.NixosInfect;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.ResourceTypes;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.PartialApplyException;
import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.CommandResult;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.HostKeyPolicy;
import dev.nixinfra.providers.ssh.HostKeyRejectedException;
import dev.nixinfra.providers.ssh.LineSink;
import dev.nixinfra.providers.ssh.RemoteCommandException;
import dev.nixinfra.providers.ssh.SshTransportException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code bootstrap} provider: the {@code nixos_infect} resource, whose id is the host.
 *
 * <ul>
 *   <li>{@code apply} runs {@link Bootstrap} to create; an in-place update never runs it again. A server is taken as
 *       created by nixinfra (trust on first use, {@code PROVIDER=hetznercloud}) when the resource depends on an
 *       {@code hcloud_server}; any other host's key must be pinned or in known_hosts. The sha256 of
 *       {@code infect_commit} comes from the reviewed pins given to the constructor; a commit without one is refused
 *       before anything is contacted. A failure after nixos-infect started is a {@link PartialApplyException}
 *       with a tainted state, so the next plan redoes the resource.
 *   <li>{@code read} connects with the pinned key and reads {@code /etc/os-release}. NixOS: the state stands. Another
 *       OS (the machine was reinstalled): gone, so the next plan bootstraps again. Unreachable or a different host
 *       key: the state is kept unchanged and the reason is reported, because a machine that is down for a moment
 *       must not be re-infected, and a changed key must never be trusted silently.
 *   <li>{@code delete} changes nothing on the machine: nixos-infect cannot be undone. It says so and the resource
 *       is forgotten.
 * </ul>
 */
public final class BootstrapProvider implements Provider {
  public static final String NAME = "bootstrap";

  private final BootstrapAccess access;
  private final BootstrapSettings settings;
  private final Map<String, String> sha256ByCommit;
  private final Optional<Path> knownHosts;

  /**
   * @param sha256ByCommit reviewed nixos-infect versions: commit to the sha256 of its script
   * @param knownHosts {@code ssh.known_hosts}, for machines given by {@code host:} without a pinned key
   */
  public BootstrapProvider(BootstrapAccess access, BootstrapSettings settings, Map<String, String> sha256ByCommit,
      Optional<Path> knownHosts) {
    this.access = Objects.requireNonNull(access, "access");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sha256ByCommit = Map.copyOf(sha256ByCommit);
    this.knownHosts = Objects.requireNonNull(knownHosts, "knownHosts");
  }

  /**
   * The pins shipped with nixinfra: {@link NixosInfect#DEFAULT_COMMIT} with {@link NixosInfect#DEFAULT_SHA256},
   * or none while that checksum has not been filled in from a reviewed download.
   */
  public static Map<String, String> defaultPins() {
    return NixosInfect.DEFAULT_SHA256.isEmpty() ? Map.of()
        : Map.of(NixosInfect.DEFAULT_COMMIT, NixosInfect.DEFAULT_SHA256);
  }

  /** How patient this provider's bootstraps are, as it was made. */
  public BootstrapSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Without a reviewed pin nothing may be bootstrapped: checked before apply asks for confirmation, so no server is
   * created for a bootstrap that would then refuse.
   */
  @Override
  public Optional<Diagnostic> readiness() {
    if (!sha256ByCommit.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Diagnostic.error("nixos-infect is not pinned to a reviewed checksum in this build of nixinfra",
        "A bootstrap runs that script as root on a fresh server, so nixinfra runs only a version whose sha256 was "
            + "reviewed. Review the script at a commit of elitak/nixos-infect and pin it in nixinfra.yaml:\n"
            + howToPin("<commit>") + "\n" + BIOS_CAVEAT));
  }

  /**
   * The 2026-01 EFI rework of nixos-infect (commits 619b197, e934142) broke BIOS machines (hetzner-api.md §3.5), so
   * the commit to review depends on the server types in use.
   */
  static final String BIOS_CAVEAT = "Commits from the 2026-01 EFI rework on (such as " + NixosInfect.DEFAULT_COMMIT
      + ") fail on BIOS servers (Hetzner CX/CPX) with \"mv: missing destination file operand after '.bak'\"; "
      + "6981987 (2024-03-11) is the last version before it, or take a commit that contains the fix.";

  /** The commands that download, show and checksum the script at {@code commit}, and the pin to write. */
  static String howToPin(String commit) {
    return "  curl -fsSL " + InfectScript.RAW_BASE + commit + "/nixos-infect -o nixos-infect\n"
        + "  less nixos-infect && sha256sum nixos-infect\n"
        + "  nixos_infect: { commit: " + commit + ", sha256: <the sha256sum above> }";
  }

  /**
   * Creates: runs the bootstrap. An in-place update (a prior that is not tainted; the core plans one only for
   * attributes that do not force a new resource, such as how the machine is reached) never runs nixos-infect again,
   * which would reinstall a machine that already runs NixOS: the prior state is kept with the planned values that
   * are known, and the computed ones it recorded (host key, os-release) stay.
   */
  @Override
  public ResourceState apply(ApplyRequest request, OperationContext context) throws ProviderException {
    Attributes planned = request.planned();
    Optional<ResourceState> prior = request.prior().filter(p -> !p.tainted());
    if (prior.isPresent()) {
      return updated(prior.get(), request, context);
    }
    String host = required(planned, "host", request);
    String channel = required(planned, "nixos_channel", request);
    String commit = required(planned, "infect_commit", request);
    String sha256 = sha256ByCommit.get(commit);
    if (sha256 == null) {
      throw new ProviderException(request.address() + ": nixos-infect commit " + commit + " has no reviewed sha256, "
          + "so it is not run. Review it and pin it in nixinfra.yaml:\n" + howToPin(commit) + "\n" + BIOS_CAVEAT);
    }
    InfectScript script;
    try {
      script = new InfectScript(commit, sha256);
    } catch (IllegalArgumentException e) {
      throw new ProviderException(request.address() + ": " + e.getMessage(), e);
    }
    boolean created = request.dependencies().stream()
        .anyMatch(a -> a.type().equals(ResourceTypes.HCLOUD_SERVER));
    Optional<String> pinned = planned.get("host_key").filter(String.class::isInstance).map(String.class::cast)
        .or(() -> request.prior().filter(p -> p.attributes().string("host").equals(Optional.of(host)))
            .flatMap(p -> p.attributes().string("host_key")))
        .filter(k -> !k.isBlank());
    BootstrapTarget target = new BootstrapTarget(host, port(planned), created, pinned, knownHosts);
    Map<String, Object> known = new LinkedHashMap<>();
    planned.values().forEach((k, v) -> {
      if (!Attributes.isPending(v)) {
        known.put(k, v);
      }
    });
    try {
      Bootstrap.Result r = new Bootstrap(access, settings).run(target, script, channel,
          line -> context.say(host + ": " + line), context.cancelled());
      known.put("host_key", r.hostKey());
      known.put("os_release", r.osRelease());
      return new ResourceState(request.address(), host, Attributes.of(known), false, request.dependencies());
    } catch (BootstrapException e) {
      if (!e.hostChanged()) {
        throw e;
      }
      e.seenHostKey().ifPresent(k -> known.put("host_key", k));
      known.remove("os_release");
      ResourceState partial = new ResourceState(request.address(), host, Attributes.of(known), true,
          request.dependencies());
      throw new PartialApplyException(request.address() + ": " + e.getMessage(), partial, e);
    }
  }

  private static ResourceState updated(ResourceState prior, ApplyRequest request, OperationContext context) {
    Map<String, Object> values = new LinkedHashMap<>(prior.attributes().values());
    request.planned().values().forEach((k, v) -> {
      if (!Attributes.isPending(v)) {
        values.put(k, v);
      }
    });
    String host = prior.attributes().string("host").orElse(prior.id());
    context.say(host + ": already bootstrapped; nixos-infect is not run again for this change");
    return new ResourceState(request.address(), prior.id(), Attributes.of(values), false, request.dependencies());
  }

  @Override
  public Optional<ResourceState> read(ResourceState prior, OperationContext context) throws ProviderException {
    Attributes a = prior.attributes();
    String host = a.string("host").orElse(prior.id());
    Optional<String> key = a.string("host_key").filter(k -> !k.isBlank());
    HostKeyPolicy policy;
    if (key.isPresent()) {
      policy = new HostKeyPolicy.Pinned(key.get());
    } else if (knownHosts.isPresent()) {
      policy = new HostKeyPolicy.KnownHosts(knownHosts.get());
    } else {
      context.say(host + ": no host key recorded, so the machine was not checked; the state is kept");
      return Optional.of(prior);
    }
    try (Connection c = access.open(host, port(a), policy)) {
      CommandResult r = c.run(OsRelease.COMMAND, settings.commandTimeout(), LineSink.discard());
      String id = OsRelease.id(r.stdout()).orElse("unknown");
      if (!id.equals(OsRelease.NIXOS)) {
        context.say(host + ": /etc/os-release says ID=" + id + ", not nixos: the machine no longer runs NixOS, "
            + "so the bootstrap will be redone");
        return Optional.empty();
      }
      return Optional.of(prior.withAttributes(a.with("os_release", id)));
    } catch (HostKeyRejectedException e) {
      context.say(host + ": the host offers another SSH host key than the one pinned at bootstrap; it was not "
          + "trusted and the state is kept: " + e.getMessage());
      return Optional.of(prior);
    } catch (SshTransportException | RemoteCommandException e) {
      context.say(host + ": could not be checked (" + e.getMessage() + "); the state is kept");
      return Optional.of(prior);
    }
  }

  @Override
  public void delete(ResourceState prior, OperationContext context) {
    String host = prior.attributes().string("host").orElse(prior.id());
    context.say(host + ": nixos-infect cannot be undone; the machine keeps running NixOS and nixinfra only "
        + "forgets this bootstrap");
  }

  private static String required(Attributes planned, String name, ApplyRequest request) throws ProviderException {
    return planned.string(name).filter(s -> !s.isBlank()).orElseThrow(() -> new ProviderException(
        request.address() + ": " + name + " is not known, so the bootstrap cannot run"));
  }

  private static int port(Attributes a) {
    return a.integer("port").map(Long::intValue).orElse(22);
  }
}
