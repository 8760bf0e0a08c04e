package dev.nixinfra.providers.host;

import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.Shell;

/** Creates the users clients log in as on a builder (the build user, a tenant's user) when they are missing. */
final class BuildUsers {
  private BuildUsers() {}

  /** Creates {@code user} when {@code facts} say it is missing; true when nixinfra created it now. */
  static boolean ensure(Connection c, HostFacts facts, String user, OperationContext context)
      throws ProviderException {
    if (facts.userHome().isPresent()) {
      return false;
    }
    if (facts.isMac()) {
      throw new ProviderException(c.name() + ": the user " + user + " does not exist, and nixinfra does not "
          + "create users on macOS yet; create it with a login shell (for example with sysadminctl), then apply "
          + "again");
    }
    context.say("creating the user " + user);
    // Its own primary group, never nixbld: the daemon refuses users whose group is the build-users-group. A real
    // shell, because sshd runs the forced command with $SHELL -c.
    c.run("useradd --system --create-home --home-dir " + Shell.quote(HostFacts.defaultHome(user))
        + " --shell /bin/sh " + Shell.quote(user), HostFacts.TIMEOUT, HostOutput.to(context, c));
    return true;
  }
}
