package dev.nixinfra.providers.host;

import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.LineSink;
import dev.nixinfra.providers.ssh.Shell;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ed25519 key pair a client's nix-daemon logs in to builders with, generated as root on the client. The
 * private key never leaves the client: nixinfra checks that it exists and reads only {@code <key_path>.pub}. A key
 * nixinfra did not generate is used as it is and never deleted.
 */
final class ClientKeyOperations {
  private final HostAccess access;
  private final OperationContext context;

  ClientKeyOperations(HostAccess access, OperationContext context) {
    this.access = access;
    this.context = context;
  }

  ResourceState apply(ApplyRequest request) throws ProviderException {
    Map<String, Object> values = new TreeMap<>(request.planned().values());
    String keyPath = keyPath(values);
    Connection c = access.connect(request.address(), request.planned());
    boolean created = Values.bool(values, Planning.CREATED, false);
    if (!exists(c, "test -e", keyPath)) {
      String dir = FileEdits.parent(keyPath);
      if (!exists(c, "test -d", dir)) {
        c.run("mkdir -p -m 700 " + Shell.quote(dir), HostFacts.TIMEOUT, LineSink.discard());
      }
      context.say("generating the client key " + keyPath);
      c.run("ssh-keygen -q -t ed25519 -N '' -C " + Shell.quote("nixinfra@" + request.address().name()) + " -f "
          + Shell.quote(keyPath), HostFacts.TIMEOUT, HostOutput.to(context, c));
      created = true;
    }
    String pub = c.readFile(keyPath + ".pub", HostFacts.TIMEOUT).orElseThrow(() -> new ProviderException(
        c.name() + ": " + keyPath + " exists but " + keyPath + ".pub does not; recreate it with "
            + "ssh-keygen -y -f " + keyPath + " > " + keyPath + ".pub, or remove the key so nixinfra generates one"))
        .strip();
    values.put("public_key", pub);
    if (created) {
      values.put(Planning.CREATED, true);
    }
    if (!(values.get("host_key") instanceof String)) {
      c.hostKey().ifPresent(k -> values.put("host_key", k)); // as refresh records it
    }
    return new ResourceState(request.address(), keyPath, new Attributes(Values.known(values)), false,
        request.dependencies());
  }

  void delete(ResourceState prior) throws ProviderException {
    if (!Values.bool(prior.attributes().values(), Planning.CREATED, false)) {
      context.say("keeping " + keyPath(prior.attributes().values()) + ": nixinfra did not generate it");
      return;
    }
    Connection c = access.connect(prior.address(), prior.attributes());
    String keyPath = keyPath(prior.attributes().values());
    context.say("deleting the client key " + keyPath);
    c.run("rm -f " + Shell.quote(keyPath) + " " + Shell.quote(keyPath + ".pub"), HostFacts.TIMEOUT,
        LineSink.discard());
  }

  private static String keyPath(Map<String, Object> values) throws ProviderException {
    return Values.string(values, "key_path").filter(p -> p.startsWith("/"))
        .orElseThrow(() -> new ProviderException("a client key needs an absolute key_path"));
  }

  private static boolean exists(Connection c, String test, String path) throws ProviderException {
    return c.run(test + " " + Shell.quote(path) + " && echo present || echo absent", HostFacts.TIMEOUT,
        LineSink.discard()).stdout().strip().equals("present");
  }
}
