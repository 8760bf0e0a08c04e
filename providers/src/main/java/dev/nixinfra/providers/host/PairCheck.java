package dev.nixinfra.providers.host;

import dev.nixinfra.core.check.CheckStep;
import dev.nixinfra.core.check.StepResult;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.nix.MachineLine;
import dev.nixinfra.providers.nix.MachinesFile;
import dev.nixinfra.providers.nix.NixErrorAdvice;
import dev.nixinfra.providers.nix.NixVersion;
import dev.nixinfra.providers.nix.ProbeDerivation;
import dev.nixinfra.providers.ssh.CommandResult;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.LineSink;
import dev.nixinfra.providers.ssh.RemoteCommandException;
import dev.nixinfra.providers.ssh.Shell;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one client against one builder, on the client as root, because root's ssh, key and known hosts are what
 * the client's nix-daemon uses (shared reference §5): (0) nixinfra's NixOS or nix-darwin modules are active on both
 * hosts ({@link ModuleActivity}), (1) ssh with the client's key and the builder's pinned host
 * key, (2) the builder's store over the machines line's URI, trusted, (3) a probe derivation built with
 * {@code -j0} through that builder only. A failing step is diagnosed with {@link NixErrorAdvice}; later steps are
 * not run.
 */
final class PairCheck {
  static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
  static final Duration BUILD_TIMEOUT = Duration.ofSeconds(300);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HostAccess access;
  private final OperationContext context;

  PairCheck(HostAccess access, OperationContext context) {
    this.access = access;
    this.context = context;
  }

  List<StepResult> check(ResourceState client, ResourceState clientKey, ResourceState builder) {
    List<StepResult> out = new ArrayList<>();
    try {
      run(client, clientKey, builder, out);
    } catch (ProviderException e) {
      CheckStep at = CheckStep.values()[out.size()];
      out.add(new StepResult.Failed(at, "could not run the check on the client: " + e.getMessage(),
          "fix the connection to the client and run the check again"));
    }
    while (out.size() < CheckStep.values().length) {
      out.add(new StepResult.NotRun(CheckStep.values()[out.size()], "an earlier step failed"));
    }
    return out;
  }

  private void run(ResourceState client, ResourceState clientKey, ResourceState builder, List<StepResult> out)
      throws ProviderException {
    Map<String, Object> b = builder.attributes().values();
    Optional<Map<String, Object>> entry = entry(client, builder.address().name());
    if (entry.isEmpty()) {
      String reason = client.address() + " has no machines entry for " + builder.address() + "; apply first";
      for (CheckStep s : CheckStep.values()) {
        out.add(new StepResult.NotRun(s, reason));
      }
      return;
    }
    Connection c = access.connect(client.address(), client.attributes());
    NixVersion version = HostFacts.recorded(client.attributes().values().get("nix_version")).orElse(null);
    if (version == null) {
      version = HostFacts.read(c, Optional.empty(), Optional.empty()).version();
    }
    MachineLine line = MachinesFile.line(ClientFiles.entry(entry.get()), version);
    String keyPath = Values.string(clientKey.attributes().values(), "key_path", "");
    String host = Values.string(b, "host", "");
    int port = (int) Values.integer(b, "port", 22);
    String user = BuilderFiles.user(b);
    String hostKey = Values.string(b, "host_key", "");
    String id = HexFormat.of().formatHex(bytes());

    context.say("check: nixinfra's modules on " + client.address() + " and " + builder.address());
    out.add(ModuleActivity.check(client, () -> c, builder,
        () -> access.connect(builder.address(), builder.attributes()), STEP_TIMEOUT));
    if (!(out.get(0) instanceof StepResult.Passed)) {
      return;
    }
    out.add(ssh(c, id, host, port, user, hostKey, keyPath));
    if (!(out.get(1) instanceof StepResult.Passed)) {
      return;
    }
    out.add(store(c, version, line, keyPath, hostKey));
    if (!(out.get(2) instanceof StepResult.Passed)) {
      return;
    }
    List<String> systems = Values.strings(b, "systems").orElse(List.of("x86_64-linux"));
    out.add(build(c, new ProbeDerivation(id, systems.get(0)), line, builder.address().name()));
  }

  private StepResult ssh(Connection c, String id, String host, int port, String user, String hostKey,
      String keyPath) throws ProviderException {
    String knownHosts = "/tmp/nixinfra-check-" + id + ".known_hosts";
    String name = port == 22 ? host : "[" + host + "]:" + port;
    c.writeFileAtomically(knownHosts, name + " " + hostKey + "\n", "0600", STEP_TIMEOUT);
    String command = "ssh -o BatchMode=yes -o ConnectTimeout=10 -o UserKnownHostsFile=" + Shell.quote(knownHosts)
        + " -o StrictHostKeyChecking=yes -i " + Shell.quote(keyPath) + " -p " + port + " "
        + Shell.quote(user + "@" + host) + " </dev/null";
    context.say("check: ssh " + user + "@" + host + " as root");
    try {
      c.run(command, STEP_TIMEOUT, LineSink.discard());
      return new StepResult.Passed(CheckStep.SSH, "root logged in to " + user + "@" + host + " with " + keyPath);
    } catch (RemoteCommandException e) {
      if (e.exitStatus() != 255 && !e.timedOut()) {
        // ssh worked; the forced command (nix-daemon --stdio) ended at end of input with its own status.
        return new StepResult.Passed(CheckStep.SSH, "root logged in to " + user + "@" + host + " with " + keyPath);
      }
      return diagnosed(CheckStep.SSH, "ssh from the client to the builder failed", e);
    } finally {
      c.run("rm -f " + Shell.quote(knownHosts), STEP_TIMEOUT, LineSink.discard());
    }
  }

  private StepResult store(Connection c, NixVersion version, MachineLine line, String keyPath, String hostKey)
      throws ProviderException {
    String[] fields = line.text().split(" ");
    String uri = fields[0];
    uri += (uri.contains("?") ? "&" : "?") + "ssh-key=" + keyPath;
    if (!hostKey.isEmpty()) {
      uri += "&base64-ssh-public-host-key=" + MachinesFile.base64HostKey(hostKey);
    }
    String command = HostFacts.NIX + " " + storeCommand(version) + " --store " + Shell.quote(uri);
    context.say("check: store " + fields[0]);
    CommandResult r;
    try {
      r = c.run(command, STEP_TIMEOUT, LineSink.discard());
    } catch (RemoteCommandException e) {
      return diagnosed(CheckStep.STORE, "the builder's store did not answer", e);
    }
    String output = r.stdout() + "\n" + r.stderr();
    boolean sshNg = fields[0].startsWith("ssh-ng://");
    if (sshNg && version.reportsTrust() && !output.lines().anyMatch(l -> l.strip().equals("Trusted: 1"))) {
      NixErrorAdvice.Advice a = NixErrorAdvice.explain("you are not privileged to build input-addressed derivations")
          .orElseThrow();
      return new StepResult.Failed(CheckStep.STORE, a.diagnosis() + " (the store answered: "
          + output.lines().filter(l -> l.startsWith("Trusted:")).findFirst().orElse("no Trusted: line") + ")",
          a.fix());
    }
    return new StepResult.Passed(CheckStep.STORE, fields[0] + " answered"
        + (sshNg && version.reportsTrust() ? " and trusts the build user" : ""));
  }

  private StepResult build(Connection c, ProbeDerivation probe, MachineLine line, String builder)
      throws ProviderException {
    context.say("check: building " + probe.name() + " on " + builder);
    CommandResult r;
    try {
      r = c.run("PATH=\"$PATH:/nix/var/nix/profiles/default/bin\" " + probe.shellCommand(line), BUILD_TIMEOUT,
          LineSink.discard());
    } catch (RemoteCommandException e) {
      return diagnosed(CheckStep.BUILD, "the probe build failed", e);
    }
    String log = r.stdout() + "\n" + r.stderr();
    if (!probe.builtOn(log, line)) {
      return new StepResult.Failed(CheckStep.BUILD, "the probe was built, but Nix did not say it was built on "
          + builder, "run the check again; if it persists, look for a second machine with the same URI");
    }
    return new StepResult.Passed(CheckStep.BUILD, probe.name() + " was built on " + builder);
  }

  static String storeCommand(NixVersion v) {
    if (!v.gatesNixCommand()) {
      return "ping-store";
    }
    return "--extra-experimental-features nix-command "
        + (!v.isLix() && v.atLeast(2, 19) ? "store info" : "store ping");
  }

  private static StepResult diagnosed(CheckStep step, String what, RemoteCommandException e) {
    String nixSays = String.join("\n", e.stderrTail());
    Optional<NixErrorAdvice.Advice> advice = NixErrorAdvice.explain(nixSays);
    // Nix's first error line is the specific one ("build of ... failed: ... signal 9"); the last repeats it briefly.
    String last = e.stderrTail().isEmpty() ? (e.timedOut() ? "it timed out" : "no message")
        : e.stderrTail().stream().map(String::strip).filter(l -> l.startsWith("error:")).findFirst()
            .orElse(e.stderrTail().get(e.stderrTail().size() - 1).strip());
    if (advice.isPresent()) {
      return new StepResult.Failed(step, advice.get().diagnosis() + " (" + last + ")", advice.get().fix());
    }
    return new StepResult.Failed(step, what + " (" + last + ")",
        "run the command by hand as root on the client to see the whole output: " + e.command());
  }

  private static Optional<Map<String, Object>> entry(ResourceState client, String builder) {
    if (client.attributes().values().get("machines") instanceof List<?> l) {
      for (Object m : l) {
        if (m instanceof Map<?, ?> map && builder.equals(map.get("builder"))) {
          @SuppressWarnings("unchecked")
          Map<String, Object> e = (Map<String, Object>) map;
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }

  private static byte[] bytes() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return b;
  }
}
