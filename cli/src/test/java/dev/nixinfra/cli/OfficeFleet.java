package dev.nixinfra.cli;

/** The small fleet the command tests run on: the builder office and the client ci, which uses it. */
final class OfficeFleet {
  /** The builders and clients, without the stack. */
  static final String MACHINES = """
      builders:
        office:
          host: build.acme.example
          systems: [x86_64-linux]
      clients:
        ci:
          kind: nix-linux
          host: ci.acme.example
          builders: [office]
      """;

  private OfficeFleet() {}

  /** The whole configuration of stack {@code stack}. */
  static String config(String stack) {
    return "stack: " + stack + "\n" + MACHINES;
  }
}
