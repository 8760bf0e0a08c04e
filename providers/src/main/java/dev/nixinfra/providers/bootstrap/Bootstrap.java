package dev.nixinfra.providers.bootstrap;

import dev.nixinfra.providers.ssh.CommandResult;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.HostKeyPolicy;
import dev.nixinfra.providers.ssh.HostKeyRejectedException;
import dev.nixinfra.providers.ssh.HostKeys;
import dev.nixinfra.providers.ssh.LineSink;
import dev.nixinfra.providers.ssh.RemoteCommandException;
import dev.nixinfra.providers.ssh.SshTransportException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The nixos-infect bootstrap of one machine, as a state machine over SSH:
 *
 * <ol>
 *   <li>{@link Step#CONNECT}: first contact with the {@link BootstrapTarget#firstContactPolicy()}; the host key
 *       seen there is pinned for the rest of the bootstrap.
 *   <li>{@link Step#CHECK_OS}: a host whose {@code /etc/os-release} already says {@code ID=nixos} is done: the
 *       bootstrap is idempotent and never infects twice.
 *   <li>{@link Step#INFECT}: {@link InfectScript#command}, output streamed. Fails without touching the host when
 *       the download or its sha256 check fails.
 *   <li>{@link Step#REBOOT}: {@code systemctl reboot}; the connection dropping is expected.
 *   <li>{@link Step#WAIT}: fresh connections, pinned to the key seen at CONNECT, until the deadline.
 *   <li>{@link Step#VERIFY}: {@code ID=nixos}; a host that still answers as the old system is waited for (it may be
 *       shutting down); a different host key stops at once.
 *   <li>{@link Step#CLEANUP}: {@code rm -rf /old-root}, only after NixOS is confirmed; a failure there is a warning.
 * </ol>
 *
 * <p>Every failure is a {@link BootstrapException}; {@link BootstrapException#hostChanged()} is true once
 * nixos-infect may have started (from the moment its "checksum verified" line was seen, or when the connection
 * died during the INFECT step and nobody can tell), so the caller taints the resource.
 */
public final class Bootstrap {
  /** The steps, in order. */
  public enum Step { CONNECT, CHECK_OS, INFECT, REBOOT, WAIT, VERIFY, CLEANUP, DONE }

  /**
   * What a finished bootstrap found.
   *
   * @param hostKey the host's SSH key as an OpenSSH line without comment; the same before and after the reboot
   * @param osRelease the {@code ID} of {@code /etc/os-release}: always {@code nixos}
   * @param infected false when the host was NixOS already and nothing was run
   */
  public record Result(String hostKey, String osRelease, boolean infected) {}

  public static final String REBOOT_COMMAND = "systemctl reboot || reboot";
  public static final String CLEANUP_COMMAND = "rm -rf /old-root";

  private final BootstrapAccess access;
  private final BootstrapSettings settings;

  public Bootstrap(BootstrapAccess access, BootstrapSettings settings) {
    this.access = Objects.requireNonNull(access, "access");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Runs the bootstrap to {@link Step#DONE}.
   *
   * @param out receives progress and nixos-infect's output, one line at a time (from several threads)
   * @param cancelled checked between steps; a cancel before INFECT changes nothing, a later one taints
   * @throws BootstrapException when a step fails; the message says which, why, and what the host's state is
   */
  public Result run(BootstrapTarget target, InfectScript script, String channel, Consumer<String> out,
      BooleanSupplier cancelled) throws BootstrapException {
    String host = target.host();
    HostKeyPolicy first;
    try {
      first = target.firstContactPolicy();
    } catch (IllegalStateException e) {
      throw new BootstrapException(Step.CONNECT, false, Optional.empty(), e.getMessage(), e);
    }
    String command = script.command(channel, target.createdByNixinfra());
    String hostKey;
    out.accept("[" + Step.CONNECT + "] connecting to root@" + host + ":" + target.port());
    try (Connection c = access.open(host, target.port(), first)) {
      hostKey = c.hostKey().map(HostKeys::normalize).orElseThrow(() -> new BootstrapException(Step.CONNECT, false,
          Optional.empty(), host + ": the connection reports no SSH host key, so it cannot be pinned", null));
      Optional<String> seen = Optional.of(hostKey);
      String id = readId(c, Step.CHECK_OS, false, seen);
      if (id.equals(OsRelease.NIXOS)) {
        out.accept("[" + Step.CHECK_OS + "] /etc/os-release says ID=nixos: already NixOS, nixos-infect is not run");
        return new Result(hostKey, id, false);
      }
      out.accept("[" + Step.CHECK_OS + "] /etc/os-release says ID=" + id);
      if (cancelled.getAsBoolean()) {
        throw new BootstrapException(Step.INFECT, false, seen, host + ": cancelled before nixos-infect started; "
            + "nothing was changed", null);
      }
      out.accept("[" + Step.INFECT + "] running nixos-infect " + script.commit() + " (" + script.url()
          + "), channel " + channel + (target.createdByNixinfra() ? ", PROVIDER=hetznercloud" : ""));
      infect(c, command, out, seen, host);
      out.accept("[" + Step.REBOOT + "] nixos-infect finished; rebooting into NixOS");
      reboot(c, seen, host);
    } catch (BootstrapException e) {
      throw e;
    } catch (SshTransportException e) {
      throw new BootstrapException(Step.CONNECT, false, Optional.empty(), host + ": " + e.getMessage(), e);
    }
    return waitAndVerify(target, hostKey, out, cancelled);
  }

  private void infect(Connection c, String command, Consumer<String> out, Optional<String> seen, String host)
      throws BootstrapException {
    AtomicBoolean started = new AtomicBoolean();
    LineSink sink = (stream, line) -> {
      if (line.equals(InfectScript.STARTED)) {
        started.set(true);
      }
      out.accept(line);
    };
    try {
      c.run(command, settings.infectTimeout(), sink);
    } catch (RemoteCommandException e) {
      if (!started.get()) {
        String why = e.exitStatus() == InfectScript.EXIT_MISMATCH ? "the downloaded script failed its sha256 check"
            : e.exitStatus() == InfectScript.EXIT_DOWNLOAD ? "the script could not be downloaded"
            : "the script could not be fetched and checked";
        throw new BootstrapException(Step.INFECT, false, seen, host + ": nixos-infect was not run: " + why
            + "; nothing on the host was changed. " + e.getMessage(), e);
      }
      throw new BootstrapException(Step.INFECT, true, seen, host + ": nixos-infect failed"
          + (e.timedOut() ? " (ran longer than " + seconds(settings.infectTimeout()) + ")" : "")
          + "; the host may be half converted and is marked tainted, the next apply recreates it. "
          + e.getMessage(), e);
    } catch (SshTransportException e) {
      throw new BootstrapException(Step.INFECT, true, seen, host + ": the connection was lost while nixos-infect "
          + "ran; the host may be half converted and is marked tainted. " + e.getMessage(), e);
    }
  }

  /** Asks for the reboot. The connection dropping, or the command being cut off, is what a reboot looks like. */
  private void reboot(Connection c, Optional<String> seen, String host) throws BootstrapException {
    try {
      c.run(REBOOT_COMMAND, settings.commandTimeout(), LineSink.discard());
    } catch (RemoteCommandException e) {
      if (e.exitStatus() > 0 && !e.timedOut()) {
        throw new BootstrapException(Step.REBOOT, true, seen, host + ": nixos-infect finished but the reboot "
            + "was refused; the host is marked tainted. " + e.getMessage(), e);
      }
    } catch (SshTransportException e) {
      // Expected: the host went down under the command.
    }
  }

  private Result waitAndVerify(BootstrapTarget target, String hostKey, Consumer<String> out,
      BooleanSupplier cancelled) throws BootstrapException {
    String host = target.host();
    Optional<String> seen = Optional.of(hostKey);
    HostKeyPolicy pinned = new HostKeyPolicy.Pinned(hostKey);
    out.accept("[" + Step.WAIT + "] waiting up to " + seconds(settings.rebootDeadline()) + " for " + host
        + " to come back");
    sleep(settings.rebootGrace(), seen);
    long deadline = System.nanoTime() + settings.rebootDeadline().toNanos();
    int attempts = 0;
    String last = "no attempt";
    while (true) {
      if (cancelled.getAsBoolean()) {
        throw new BootstrapException(Step.WAIT, true, seen, host + ": cancelled while waiting for the reboot; "
            + "the host is marked tainted", null);
      }
      attempts++;
      try (Connection c = access.open(host, target.port(), pinned)) {
        String id = readId(c, Step.VERIFY, true, seen);
        if (id.equals(OsRelease.NIXOS)) {
          out.accept("[" + Step.VERIFY + "] back after " + attempts + (attempts == 1 ? " attempt" : " attempts")
              + ": ID=nixos, host key unchanged");
          cleanup(c, out);
          out.accept("[" + Step.DONE + "] " + host + " runs NixOS");
          return new Result(hostKey, id, true);
        }
        last = "it answered as ID=" + id + " (still shutting down, or nixos-infect did not take)";
      } catch (HostKeyRejectedException e) {
        throw new BootstrapException(Step.VERIFY, true, seen, host + ": after the reboot the host offered another "
            + "SSH host key (" + HostKeys.fingerprint(e.offered()) + ") than before nixos-infect ran ("
            + HostKeys.fingerprint(hostKey) + "). nixos-infect keeps /etc/ssh/ssh_host_*_key*, so either the keys "
            + "were lost or another machine answers at this address; nixinfra stopped without trusting it. Check "
            + "the server's console; the resource is marked tainted.", e);
      } catch (SshTransportException e) {
        last = e.getMessage();
      } catch (BootstrapException e) {
        last = e.getMessage();
      }
      if (System.nanoTime() + settings.retryInterval().toNanos() - deadline > 0) {
        throw new BootstrapException(Step.WAIT, true, seen, host + ": did not come back as NixOS within "
            + seconds(settings.rebootDeadline()) + " after the reboot (" + attempts
            + (attempts == 1 ? " attempt" : " attempts") + "); last: " + last + ". The resource is marked tainted; "
            + "check the server's console, or for slow machines raise `nixos_infect: { reboot_timeout: ... }` in the "
            + "configuration (now " + seconds(settings.rebootDeadline()) + ").", null);
      }
      sleep(settings.retryInterval(), seen);
    }
  }

  private void cleanup(Connection c, Consumer<String> out) {
    try {
      c.run(CLEANUP_COMMAND, settings.commandTimeout(), LineSink.discard());
      out.accept("[" + Step.CLEANUP + "] removed /old-root (the previous system)");
    } catch (RemoteCommandException | SshTransportException e) {
      // NixOS is confirmed; a leftover /old-root only costs disk, and retrying the bootstrap would not remove it.
      out.accept("[" + Step.CLEANUP + "] warning: could not remove /old-root: " + e.getMessage());
    }
  }

  private String readId(Connection c, Step step, boolean hostChanged, Optional<String> seen)
      throws BootstrapException {
    try {
      CommandResult r = c.run(OsRelease.COMMAND, settings.commandTimeout(), LineSink.discard());
      return OsRelease.id(r.stdout()).orElse("unknown");
    } catch (RemoteCommandException | SshTransportException e) {
      throw new BootstrapException(step, hostChanged, seen, c.name() + ": cannot read /etc/os-release: "
          + e.getMessage(), e);
    }
  }

  private static void sleep(Duration d, Optional<String> seen) throws BootstrapException {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BootstrapException(Step.WAIT, true, seen, "interrupted while waiting for the reboot", e);
    }
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
