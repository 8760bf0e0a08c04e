package dev.nixinfra.providers.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.config.NixosInfect;
import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.ResourceTypes;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.PartialApplyException;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.ssh.HostKeyPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BootstrapProviderTest {
  static final Address ADDRESS = new Address(ResourceTypes.NIXOS_INFECT, "arm1");
  static final Address SERVER = new Address(ResourceTypes.HCLOUD_SERVER, "arm1");
  static final String SHA = "c".repeat(64);

  final FakeMachine machine = new FakeMachine();
  final List<String> said = new CopyOnWriteArrayList<>();
  final OperationContext context = new OperationContext(ADDRESS, (a, line) -> said.add(line), () -> false);
  final BootstrapProvider provider = new BootstrapProvider(machine, BootstrapTest.FAST, Map.of("7563801d", SHA),
      Optional.of(Path.of("/known_hosts")));

  static ApplyRequest request(String commit, Set<Address> dependencies) {
    return new ApplyRequest(ADDRESS, Optional.empty(), Attributes.of(Map.of("host", "10.77.250.1",
        "nixos_channel", "nixos-25.05", "infect_commit", commit, "host_key", Unknown.VALUE,
        "os_release", Unknown.VALUE)), dependencies);
  }

  @Test
  void applyOnACreatedServerPinsTheKeyAndRecordsNixos() throws Exception {
    ResourceState s = provider.apply(request("7563801d", Set.of(SERVER)), context);
    assertEquals("10.77.250.1", s.id());
    assertFalse(s.tainted());
    assertEquals(Optional.of(machine.hostKey), s.attributes().string("host_key"));
    assertEquals(Optional.of("nixos"), s.attributes().string("os_release"));
    assertEquals(Set.of(SERVER), s.dependencies());
    assertInstanceOf(HostKeyPolicy.TrustOnFirstUse.class, machine.policies.get(0));
    assertTrue(machine.commands.stream().anyMatch(c -> c.contains("PROVIDER=hetznercloud")));
    assertTrue(said.stream().allMatch(l -> l.startsWith("10.77.250.1: ")), said::toString);
    assertTrue(said.contains("10.77.250.1: installing nix"), said::toString);
  }

  /**
   * An in-place update (here a new SSH port, which does not force a new resource) keeps the bootstrap: nixos-infect
   * is not run again and the machine is not even contacted; the state takes the planned values and keeps the
   * recorded host key and os-release.
   */
  @Test
  void anUpdateDoesNotRunNixosInfectAgain() throws Exception {
    ResourceState created = provider.apply(request("7563801d", Set.of(SERVER)), context);
    int commands = machine.commands.size();
    int connections = machine.policies.size();
    Attributes planned = request("7563801d", Set.of(SERVER)).planned().with("port", 2222L);
    ResourceState updated = provider.apply(
        new ApplyRequest(ADDRESS, Optional.of(created), planned, Set.of(SERVER)), context);

    assertEquals(commands, machine.commands.size(), "no command ran");
    assertEquals(connections, machine.policies.size(), "no connection was opened");
    assertFalse(updated.tainted());
    assertEquals(created.id(), updated.id());
    assertEquals(Optional.of(2222L), updated.attributes().integer("port"));
    assertEquals(created.attributes().string("host_key"), updated.attributes().string("host_key"));
    assertEquals(Optional.of("nixos"), updated.attributes().string("os_release"));
    assertEquals(created.attributes().without("port"), updated.attributes().without("port"));
    assertTrue(said.contains("10.77.250.1: already bootstrapped; nixos-infect is not run again for this change"),
        said::toString);
  }

  /** A tainted prior is a bootstrap that did not finish: it runs again. */
  @Test
  void aTaintedPriorIsBootstrappedAgain() throws Exception {
    ResourceState tainted = provider.apply(request("7563801d", Set.of(SERVER)), context).withTainted(true);
    machine.rebooted = false;
    int commands = machine.commands.size();
    ApplyRequest again = new ApplyRequest(ADDRESS, Optional.of(tainted),
        request("7563801d", Set.of(SERVER)).planned(), Set.of(SERVER));
    assertFalse(provider.apply(again, context).tainted());
    assertTrue(machine.commands.size() > commands, "the machine was contacted");
  }

  @Test
  void aHostMachineMustBeInKnownHostsAndGetsNoProvider() throws Exception {
    provider.apply(request("7563801d", Set.of()), context);
    assertEquals(new HostKeyPolicy.KnownHosts(Path.of("/known_hosts")), machine.policies.get(0));
    assertTrue(machine.commands.stream().filter(c -> c.contains(InfectScript.STARTED))
        .noneMatch(c -> c.contains("PROVIDER")));
  }

  @Test
  void aFailureAfterTheScriptStartedTaintsWithTheSeenKey() {
    machine.infect = FakeMachine.Infect.FAIL;
    PartialApplyException e = assertThrows(PartialApplyException.class,
        () -> provider.apply(request("7563801d", Set.of(SERVER)), context));
    assertTrue(e.partial().tainted());
    assertEquals("10.77.250.1", e.partial().id());
    assertEquals(Optional.of(machine.hostKey), e.partial().attributes().string("host_key"));
    assertFalse(e.partial().attributes().has("os_release"));
    assertTrue(e.getMessage().contains("error: nix install failed"), e.getMessage());
  }

  @Test
  void aMismatchIsAPlainFailure() {
    machine.infect = FakeMachine.Infect.MISMATCH;
    ProviderException e = assertThrows(ProviderException.class,
        () -> provider.apply(request("7563801d", Set.of(SERVER)), context));
    assertFalse(e instanceof PartialApplyException);
  }

  @Test
  void aCommitWithoutReviewedChecksumIsRefusedBeforeContact() {
    ProviderException e = assertThrows(ProviderException.class,
        () -> provider.apply(request("6981987", Set.of(SERVER)), context));
    assertTrue(e.getMessage().contains("no reviewed sha256"), e.getMessage());
    assertTrue(machine.policies.isEmpty());
  }

  @Test
  void defaultPinsAreEmptyUntilTheChecksumIsFilledIn() {
    assertEquals("7563801d", NixosInfect.DEFAULT_COMMIT);
    assertEquals(NixosInfect.DEFAULT_SHA256.isEmpty() ? Map.of()
        : Map.of(NixosInfect.DEFAULT_COMMIT, NixosInfect.DEFAULT_SHA256), BootstrapProvider.defaultPins());
  }

  ResourceState prior() {
    return new ResourceState(ADDRESS, "10.77.250.1", Attributes.of(Map.of("host", "10.77.250.1", "nixos_channel",
        "nixos-25.05", "infect_commit", "7563801d", "host_key", machine.hostKey, "os_release", "nixos")), false,
        Set.of(SERVER));
  }

  @Test
  void readKeepsANixosHostWithThePinnedKey() throws Exception {
    machine.osId = "nixos";
    ResourceState p = prior();
    assertEquals(Optional.of(p), provider.read(p, context));
    assertEquals(new HostKeyPolicy.Pinned(machine.hostKey), machine.policies.get(0));
  }

  @Test
  void readReportsAReinstalledHostAsGone() throws Exception {
    machine.osId = "debian";
    assertEquals(Optional.empty(), provider.read(prior(), context));
    assertTrue(said.stream().anyMatch(l -> l.contains("ID=debian")), said::toString);
  }

  @Test
  void readKeepsStateOfAnUnreachableOrRekeyedHost() throws Exception {
    ResourceState p = prior();
    machine.rebooted = true;
    machine.neverBack = true;
    assertSame(p, provider.read(p, context).orElseThrow());
    assertTrue(said.get(0).contains("could not be checked"), said::toString);
    machine.neverBack = false;
    machine.refusedAfterReboot = 0;
    machine.keyAfterReboot = FakeMachine.newKey();
    assertSame(p, provider.read(p, context).orElseThrow());
    assertTrue(said.get(1).contains("another SSH host key"), said::toString);
  }

  @Test
  void deleteLeavesTheMachineAlone() {
    provider.delete(prior(), context);
    assertTrue(machine.policies.isEmpty());
    assertTrue(said.get(0).contains("cannot be undone"), said::toString);
  }

  @Test
  void nameAndType() {
    assertEquals("bootstrap", provider.name());
    assertEquals("bootstrap", ResourceTypes.get(ResourceTypes.NIXOS_INFECT).provider());
  }

  @Test
  void withoutAReviewedPinApplyIsRefusedBeforeItStarts() {
    assertTrue(provider.readiness().isEmpty(), "pinned: ready");
    BootstrapProvider unpinned = new BootstrapProvider(machine, BootstrapTest.FAST, Map.of(), Optional.empty());
    Diagnostic d = unpinned.readiness().orElseThrow();
    assertEquals("nixos-infect is not pinned to a reviewed checksum in this build of nixinfra", d.summary());
    assertTrue(d.detail().contains("curl -fsSL https://raw.githubusercontent.com/elitak/nixos-infect/<commit>/"
        + "nixos-infect -o nixos-infect"), d.detail());
    assertTrue(d.detail().contains("sha256sum nixos-infect") && d.detail().contains("BIOS servers (Hetzner CX/CPX)")
        && d.detail().contains("6981987"), d.detail());
    assertEquals(BootstrapProvider.defaultPins().isEmpty(), new BootstrapProvider(machine, BootstrapTest.FAST,
        BootstrapProvider.defaultPins(), Optional.empty()).readiness().isPresent());
  }
}
