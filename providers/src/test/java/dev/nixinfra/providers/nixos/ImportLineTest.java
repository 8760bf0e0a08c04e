package dev.nixinfra.providers.nixos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImportLineTest {
  static final String B = "./nixinfra-builder.nix";
  static final String C = "./nixinfra-client.nix";

  static final String GENERATED = """
      # Edit this configuration file to define what should be installed on
      # your system.  Help is available in the configuration.nix(5) man page.

      { config, pkgs, ... }:

      {
        imports =
          [ # Include the results of the hardware scan.
            ./hardware-configuration.nix
          ];

        boot.loader.grub.enable = true;
        system.stateVersion = "24.05"; # Did you read the comment?
      }
      """;
  static final String ONE_LINE = """
      { config, pkgs, ... }:
      {
        imports = [ ./hardware-configuration.nix ];
        networking.hostName = "b1";
      }
      """;
  static final String INFECT = """
      { ... }: {
        imports = [
          ./hardware-configuration.nix
          ./networking.nix # generated at runtime by nixos-infect
          ./host.nix
        ];

        boot.tmp.cleanOnBoot = true;
        zramSwap.enable = true;
        networking.hostName = "builder";
        networking.domain = "";
        services.openssh.enable = true;
        users.users.root.openssh.authorizedKeys.keys = [''ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc me'' ];
        system.stateVersion = "23.11";
      }
      """;
  static final String INFECT_ONE_LINE = """
      { ... }: {
        imports = [ ./hardware-configuration.nix ./networking.nix ./host.nix ];
        services.openssh.enable = true;
      }
      """;
  /** A nix-darwin configuration.nix without imports. */
  static final String DARWIN = """
      { config, pkgs, ... }:

      {
        environment.systemPackages = [ pkgs.vim ];

        nix.settings.experimental-features = "nix-command flakes";

        system.stateVersion = 6;
      }
      """;
  static final String NO_IMPORTS = """
      { config, pkgs, ... }:
      {
        services.openssh.enable = true;
      }
      """;
  static final String EMPTY_LIST = "{ ... }: { imports = []; }\n";
  static final String DISTRACTIONS = """
      # imports = [ ./commented-out.nix ];
      args @ { config, ... }: {
        /* imports = [ */
        imports = [ ./imports.nix (import ./x.nix { inherit config; }) ];
        environment.etc."motd".text = "imports = [ ${"nested ${config.x} }"} ]";
        boot.extra = ''
          imports = [ ''${x} ''' ]
        '';
      }
      """;

  static Stream<Arguments> layouts() {
    return Stream.of(
        Arguments.of("generated", GENERATED, GENERATED.replace(
            "./hardware-configuration.nix\n    ];", "./hardware-configuration.nix\n    " + B + " ];")),
        Arguments.of("one line", ONE_LINE, ONE_LINE.replace("configuration.nix ]", "configuration.nix " + B + " ]")),
        Arguments.of("nixos-infect", INFECT, INFECT.replace("./host.nix\n  ];", "./host.nix\n  " + B + " ];")),
        Arguments.of("nixos-infect one line", INFECT_ONE_LINE,
            INFECT_ONE_LINE.replace("./host.nix ]", "./host.nix " + B + " ]")),
        Arguments.of("no imports", NO_IMPORTS,
            NO_IMPORTS.replace("{\n  services", "{\n  imports = [ " + B + " ];\n  services")),
        Arguments.of("empty list", EMPTY_LIST, "{ ... }: { imports = [ " + B + "]; }\n"),
        Arguments.of("distractions", DISTRACTIONS,
            DISTRACTIONS.replace("inherit config; }) ]", "inherit config; }) " + B + " ]")),
        Arguments.of("bare attribute set", "{\n  boot.isContainer = true;\n}\n",
            "{\n  imports = [ " + B + " ];\n  boot.isContainer = true;\n}\n"),
        Arguments.of("nix-darwin configuration.nix", DARWIN,
            DARWIN.replace("{\n  environment", "{\n  imports = [ " + B + " ];\n  environment")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void addsOnceAndRemovalRestoresExactly(String name, String original, String expected, @TempDir Path tmp)
      throws Exception {
    String added = ImportLine.add(original, B);
    assertEquals(expected, added);
    assertTrue(ImportLine.isImported(added, B));
    assertFalse(ImportLine.isImported(original, B));
    assertEquals(added, ImportLine.add(added, B), "idempotent");
    assertEquals(original, ImportLine.remove(added, B), "removal restores the text exactly");
    assertEquals(original, ImportLine.remove(original, B), "removing what is not there changes nothing");
    NixInstantiate.assertParses(added, tmp);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void builderAndClientModulesComeAndGoIndependently(String name, String original, String expected) {
    String both = ImportLine.add(ImportLine.add(original, B), C);
    assertTrue(ImportLine.isImported(both, B) && ImportLine.isImported(both, C));
    assertEquals(ImportLine.add(original, C), ImportLine.remove(both, B));
    assertEquals(original, ImportLine.remove(ImportLine.remove(both, B), C));
  }

  @Test
  void anImportTheUserWroteCountsAsImported() {
    String mine = "{ ... }: {\n  imports = [\n    ./hardware-configuration.nix\n    ./nixinfra-builder.nix\n  ];\n}\n";
    assertEquals(mine, ImportLine.add(mine, B));
  }

  static Stream<Arguments> ambiguous() {
    return Stream.of(
        Arguments.of("two imports", "{ ... }: {\n  imports = [ ./a.nix ];\n  home-manager.users.me = { imports = [ ]; };\n}\n"),
        Arguments.of("only nested imports", "{ ... }: {\n  home-manager.users.me = { imports = [ ]; };\n}\n"),
        Arguments.of("concatenated list", "{ lib, ... }: {\n  imports = [ ./a.nix ] ++ lib.optional true ./b.nix;\n}\n"),
        Arguments.of("computed imports", "{ lib, ... }: {\n  imports = lib.optionals true [ ./a.nix ];\n}\n"),
        Arguments.of("let body without imports", "{ ... }:\nlet x = 1; in {\n  networking.hostName = \"a\";\n}\n"),
        Arguments.of("with body without imports", "{ lib, ... }: with lib; {\n  boot.isContainer = true;\n}\n"),
        Arguments.of("not a module", "import ./other.nix\n"),
        Arguments.of("unterminated string", "{ ... }: { x = \"abc; }\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ambiguous")
  void refusesRatherThanGuesses(String name, String text) {
    UneditableConfigurationException e =
        assertThrows(UneditableConfigurationException.class, () -> ImportLine.add(text, B));
    assertFalse(e.getMessage().isBlank());
  }

  @Test
  void flakeGuidanceShowsTheExactLine() {
    assertEquals("imports = [ ./nixinfra-builder.nix ];", ImportLine.importLine(B));
    assertTrue(ImportLine.flakeGuidance(B).endsWith("\n  imports = [ ./nixinfra-builder.nix ];"));
    assertTrue(ImportLine.darwinFlakeGuidance(C).endsWith("\n  imports = [ ./nixinfra-client.nix ];"));
    assertTrue(ImportLine.darwinFlakeGuidance(C).contains("darwin-rebuild switch --flake /etc/nix-darwin"));
    assertThrows(IllegalArgumentException.class, () -> ImportLine.importLine("./a b.nix"));
    assertThrows(IllegalArgumentException.class, () -> ImportLine.importLine("/etc/nixos/x.nix"));
  }

  @Test
  void aFlakeMentionsTheModuleOnlyAsAPathOutsideCommentsAndStrings() {
    String module = "./nixinfra-builder.nix";
    assertTrue(ImportLine.mentions("{ outputs = _: { m = [ ./configuration.nix ./nixinfra-builder.nix ]; }; }",
        module));
    assertFalse(ImportLine.mentions("{ outputs = _: { }; } # add ./nixinfra-builder.nix here", module));
    assertFalse(ImportLine.mentions("{ outputs = _: { d = \"./nixinfra-builder.nix\"; }; }", module));
    assertFalse(ImportLine.mentions("{ outputs = _: { m = [ ./nixinfra-builder.nix.bak ]; }; }", module));
  }
}
