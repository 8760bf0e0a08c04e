package dev.nixinfra.providers.host;

import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.Connection;
import java.time.Duration;
import java.util.Optional;

/**
 * Restarts a host's nix-daemon so that it reads nix.conf again: the configured {@code restart_command}, else the
 * service manager: systemd on Linux, launchd on macOS (Determinate Nix's label when its plist is installed, the
 * upstream installer's otherwise; shared reference §2.5).
 */
final class DaemonRestart {
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final String SYSTEMD = "systemctl restart nix-daemon";
  static final String LAUNCHD = "launchctl kickstart -k system/org.nixos.nix-daemon";
  static final String DETERMINATE_PLIST = "/Library/LaunchDaemons/systems.determinate.nix-daemon.plist";
  static final String LAUNCHD_DETERMINATE = "launchctl kickstart -k system/systems.determinate.nix-daemon";

  private DaemonRestart() {}

  static void restart(Connection c, HostFacts facts, Optional<String> restartCommand, OperationContext context)
      throws ProviderException {
    String command;
    if (restartCommand.isPresent() && !restartCommand.get().isBlank()) {
      command = restartCommand.get();
    } else if (facts.isMac()) {
      command = c.readFile(DETERMINATE_PLIST, HostFacts.TIMEOUT).isPresent() ? LAUNCHD_DETERMINATE : LAUNCHD;
    } else {
      command = SYSTEMD;
    }
    context.say("restarting the nix daemon: " + command);
    c.run(command, TIMEOUT, HostOutput.to(context, c));
  }
}
