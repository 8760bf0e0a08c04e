package dev.nixinfra.cli.e2e;

/** The fleet the end-to-end tests against the test world apply: one Hetzner builder, one existing, one client. */
final class WorldFleet {
  static final String TOKEN = "hc-secret-token-0123456789abcdef";
  static final String CONFIG = """
      stack: e2e
      hetzner:
        token: ${env:HCLOUD_TOKEN}
        location: fsn1
      builders:
        arm1:
          hetzner: { server_type: cax21, location: nbg1 }
          bootstrap: nixos-infect
          systems: [aarch64-linux]
          max_jobs: 4
        office:
          host: build.acme.example
          systems: [x86_64-linux]
          max_jobs: 8
      clients:
        ci:
          kind: nixos
          host: ci.acme.example
          builders: all
      """;
  /** The resources {@link #CONFIG} expands to. */
  static final int RESOURCES = 7;

  private WorldFleet() {}
}
