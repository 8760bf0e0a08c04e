package dev.nixinfra.providers.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;

/**
 * Where a target really goes after the SSH client configuration: the {@code Host} alias resolved to
 * {@code HostName}, {@code Port}, {@code User} and {@code IdentityFile}. What the target sets itself wins, as
 * on the ssh command line.
 *
 * @param identities the configuration's {@code IdentityFile} entries for the host, {@code ~} expanded
 */
record Endpoint(String hostName, int port, String user, List<Path> identities) {
  static final int DEFAULT_PORT = 22;
  static final String DEFAULT_USER = "root";

  Endpoint {
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(user, "user");
    identities = List.copyOf(identities);
  }

  /** Resolves {@code target} through {@code sshConfig} (when given). */
  static Endpoint resolve(SshTarget target, Optional<Path> sshConfig) throws SshTransportException {
    String hostName = target.host();
    int port = target.port();
    String user = target.user().orElse(null);
    List<Path> identities = new ArrayList<>();
    if (sshConfig.isPresent()) {
      HostConfigEntry entry;
      try {
        entry = new ConfigFileHostEntryResolver(sshConfig.get())
            .resolveEffectiveHost(target.host(), port, null, user, null, null);
      } catch (IOException | RuntimeException e) {
        throw new SshTransportException("cannot read the SSH client configuration " + sshConfig.get() + ": "
            + e.getMessage(), e);
      }
      if (entry != null) {
        if (entry.getHostName() != null && !entry.getHostName().isBlank()) {
          hostName = entry.getHostName();
        }
        if (port == 0 && entry.getPort() > 0) {
          port = entry.getPort();
        }
        if (user == null && entry.getUsername() != null && !entry.getUsername().isBlank()) {
          user = entry.getUsername();
        }
        for (String id : entry.getIdentities()) {
          identities.add(expandHome(id));
        }
      }
    }
    return new Endpoint(hostName, port == 0 ? DEFAULT_PORT : port, user == null ? DEFAULT_USER : user,
        identities);
  }

  private static Path expandHome(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home")).resolve(path.substring(Math.min(2, path.length())));
    }
    return Path.of(path);
  }
}
