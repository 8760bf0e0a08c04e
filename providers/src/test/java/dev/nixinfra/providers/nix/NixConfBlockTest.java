package dev.nixinfra.providers.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nixinfra.core.config.Tuning;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NixConfBlockTest {
  static final List<String> OWN = List.of("nixos-test", "benchmark", "big-parallel", "kvm");
  static final Tuning TUNING = new Tuning(Optional.of(10L << 30), Optional.of(200L << 30), Optional.of(0L),
      Optional.of("90%"), Optional.empty());

  @Test
  void builderBlockFromNix24On() throws Exception {
    String block = NixConfBlock.forBuilder("remotebuild", 8, TUNING, OWN, List.of("benchmark"), List.of("uid-range"),
        NixVersion.of(2, 18, 1));
    assertEquals("""
        extra-trusted-users = remotebuild
        max-jobs = 8
        cores = 0
        min-free = 10737418240
        max-free = 214748364800
        system-features = benchmark big-parallel kvm nixos-test uid-range
        """, block);
    Golden.assertMatches("builder-nix.conf",
        ManagedBlock.upsert("# Debian's nix.conf\nsandbox = false\n", block));
  }

  @Test
  void nix23ReplacesTrustedUsersSoRootIsListed() {
    assertEquals("""
        trusted-users = root remotebuild
        max-jobs = 1
        """, NixConfBlock.forBuilder("remotebuild", 1, Tuning.NONE, OWN, List.of(), List.of(),
        NixVersion.of(2, 3, 18)));
  }

  @Test
  void featuresThatAddNothingLeaveNixDetectionAlone() {
    assertEquals(Optional.empty(), NixConfBlock.systemFeatures(OWN, List.of("kvm", "benchmark"), List.of()));
    assertEquals(Optional.of(List.of("benchmark", "big-parallel", "kvm", "nixos-test")),
        NixConfBlock.systemFeatures(List.of("benchmark"), List.of("kvm", "big-parallel"), List.of("nixos-test")));
  }

  @Test
  void clientBlock() throws Exception {
    String block = NixConfBlock.forClient(NixConfBlock.NIXINFRA_MACHINES, true, Optional.of(0));
    assertEquals("""
        builders = @/etc/nix/machines;@/etc/nix/nixinfra-machines
        builders-use-substitutes = true
        max-jobs = 0
        """, block);
    assertEquals("""
        builders = @/etc/nix/machines
        builders-use-substitutes = false
        """, NixConfBlock.forClient("/etc/nix/machines", false, Optional.empty()));
    Golden.assertMatches("client-nix.custom.conf", ManagedBlock.upsert(
        "# Written by the Determinate Nix Installer\nextra-experimental-features = nix-command flakes", block));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'build-users-group = nixbld\n'                                 | /etc/nix/nix.conf",
      "'build-users-group = nixbld\n\n!include nix.custom.conf\n'     | /etc/nix/nix.custom.conf",
      "'include /etc/nix/nix.custom.conf'                             | /etc/nix/nix.custom.conf",
      "'# !include nix.custom.conf\n'                                 | /etc/nix/nix.conf",
      "'!include nix.custom.conf.bak\n'                               | /etc/nix/nix.conf",
  })
  void determinateNixGetsTheCustomFile(String nixConf, String expected) {
    assertEquals(expected, NixConfBlock.targetFile(nixConf));
  }
}
