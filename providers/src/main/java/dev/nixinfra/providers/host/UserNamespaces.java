package dev.nixinfra.providers.host;

import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.LineSink;
import java.util.Optional;

/**
 * Whether an unprivileged user may create a user namespace on a Linux host. Builds into a tenant's store run in
 * Linux's sandbox as the tenant's unprivileged user, which needs one; where the kernel or AppArmor (Ubuntu 23.10
 * and later) forbids it, every build of the tenant fails with "cloning builder process: Operation not permitted".
 */
final class UserNamespaces {
  /** The settings that decide it, one value per line ({@code -}: the host has no such setting). */
  static final String SETTINGS = "for f in /proc/sys/kernel/unprivileged_userns_clone "
      + "/proc/sys/user/max_user_namespaces /proc/sys/kernel/apparmor_restrict_unprivileged_userns; do "
      + "cat $f 2>/dev/null || echo -; done";

  /** What forbids them, and how to allow them. */
  record Problem(String reason, String fix) {
    @Override
    public String toString() {
      return "builds in a tenant's store run in a sandbox as the tenant's user, which needs unprivileged user "
          + "namespaces, and " + reason + "; " + fix + ", then apply again";
    }
  }

  private UserNamespaces() {}

  /** What keeps an unprivileged user from creating a user namespace on the host; empty when nothing does. */
  static Optional<Problem> problem(Connection c) throws ProviderException {
    String[] v = c.run(SETTINGS, HostFacts.TIMEOUT, LineSink.discard()).stdout().strip().split("\\s+");
    if (v.length != 3) {
      return Optional.empty();
    }
    if (v[0].equals("0")) {
      return Optional.of(new Problem("kernel.unprivileged_userns_clone is 0", "set it to 1 (sysctl -w "
          + "kernel.unprivileged_userns_clone=1, and in /etc/sysctl.d to keep it)"));
    }
    if (v[1].equals("0")) {
      return Optional.of(new Problem("user.max_user_namespaces is 0", "raise it (sysctl -w "
          + "user.max_user_namespaces=10000, and in /etc/sysctl.d to keep it; on NixOS keep "
          + "security.allowUserNamespaces = true)"));
    }
    if (v[2].equals("1")) {
      return Optional.of(new Problem("AppArmor restricts them (kernel.apparmor_restrict_unprivileged_userns = 1, "
          + "Ubuntu's default)", "allow them for nix-daemon with an AppArmor profile that grants userns, or set the"
          + " sysctl to 0"));
    }
    return Optional.empty();
  }
}
