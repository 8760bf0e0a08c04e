package dev.nixinfra.cli.wiring;

import dev.nixinfra.core.config.Config;
import dev.nixinfra.core.config.NixosInfect;
import dev.nixinfra.providers.bootstrap.BootstrapProvider;
import dev.nixinfra.providers.bootstrap.BootstrapSettings;
import dev.nixinfra.providers.bootstrap.SshBootstrapAccess;
import dev.nixinfra.providers.host.NixProvider;
import dev.nixinfra.providers.host.SshHostAccess;
import dev.nixinfra.providers.ssh.SshSettings;
import dev.nixinfra.providers.ssh.SshTransportException;
import dev.nixinfra.providers.ssh.SshTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Sets up the providers that reach machines over SSH for one configuration (nix, and the nixos-infect bootstrap):
 * one SSH transport for the run, logging in with {@code ssh.identity} and the keys of ssh-agent (only the agent's
 * when the identity file does not exist), checking host keys against {@code ssh.known_hosts} or the pinned ones.
 * The transport is made on the first SSH connection, so runs that reach no host, or only {@code host: local},
 * never need the identity.
 */
final class NixWiring implements AutoCloseable {
  private final SshSettings settings;
  private final Path knownHosts;
  private final SshHostAccess access;
  private SshTransport transport;

  private final Map<String, String> infectPins;
  private final BootstrapSettings bootstrapSettings;

  private NixWiring(SshSettings settings, Path knownHosts, Map<String, String> infectPins,
      BootstrapSettings bootstrapSettings) {
    this.settings = settings;
    this.knownHosts = knownHosts;
    this.infectPins = infectPins;
    this.bootstrapSettings = bootstrapSettings;
    this.access = new SshHostAccess(this::transport, knownHosts);
  }

  static NixWiring of(Config config, Map<String, String> env) {
    Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
    SshSettings settings = SshSettings.of(identity(expand(config.ssh().identity(), home), env), env, home);
    Map<String, String> pins = new java.util.HashMap<>(BootstrapProvider.defaultPins());
    config.nixosInfect().ifPresent(p -> pins.put(p.commit(), p.sha256()));
    BootstrapSettings bootstrap = BootstrapSettings.defaults()
        .withRebootDeadline(config.rebootTimeout().orElse(NixosInfect.DEFAULT_REBOOT_TIMEOUT));
    return new NixWiring(settings, expand(config.ssh().knownHosts(), home), Map.copyOf(pins), bootstrap);
  }

  /**
   * The identity file to log in with: none when ssh-agent runs and the file does not exist (the agent's keys
   * alone); otherwise the file, so that a missing one is reported clearly.
   */
  static Optional<Path> identity(Path file, Map<String, String> env) {
    boolean agent = env.get("SSH_AUTH_SOCK") != null && !env.get("SSH_AUTH_SOCK").isBlank();
    return agent && !Files.exists(file) ? Optional.empty() : Optional.of(file);
  }

  NixProvider provider() {
    return new NixProvider(access);
  }

  /**
   * The nixos-infect bootstrap: a fresh transport per connection (it reconnects across a reboot); it runs the
   * versions pinned by this release and by the configuration's {@code nixos_infect:} block, and waits for the
   * rebooted host as long as that block's {@code reboot_timeout} says (15 minutes by default).
   */
  BootstrapProvider bootstrapProvider() {
    return new BootstrapProvider(new SshBootstrapAccess(settings), bootstrapSettings,
        infectPins, Optional.of(knownHosts));
  }

  /** A leading {@code ~} is the home directory, as in ssh's own configuration. */
  private static Path expand(String path, Path home) {
    return path.equals("~") ? home : path.startsWith("~/") ? home.resolve(path.substring(2)) : Path.of(path);
  }

  private synchronized SshTransport transport() throws SshTransportException {
    if (transport == null) {
      transport = new SshTransport(settings);
    }
    return transport;
  }

  @Override
  public synchronized void close() {
    if (transport != null) {
      transport.close();
    }
  }
}
