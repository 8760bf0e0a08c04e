package dev.nixinfra.providers.host;

import java.util.Optional;

/**
 * Whether a client's {@code kind} fits the operating system its host runs: {@code nixos} and {@code nix-linux}
 * need Linux, {@code nix-darwin} and {@code nix-macos} a Mac. Configuring a machine as the other kind would write
 * files it never reads (or fail half-way), so plan warns and apply refuses. Pure.
 */
final class ClientKind {
  private ClientKind() {}

  /** Why {@code kind} does not fit the host, or empty when it does (or the kind is not known here). */
  static Optional<String> mismatch(String address, String kind, HostFacts facts) {
    boolean wantsMac = kind.equals("nix-darwin") || kind.equals("nix-macos");
    boolean wantsLinux = kind.equals("nixos") || kind.equals("nix-linux");
    if (wantsMac && !facts.isMac() || wantsLinux && facts.isMac()) {
      return Optional.of(address + " is kind " + kind + ", but its host runs " + facts.os() + " (uname -s)");
    }
    return Optional.empty();
  }

  /** How to fix a {@link #mismatch}. */
  static String fix(String kind) {
    boolean mac = kind.equals("nix-darwin") || kind.equals("nix-macos");
    return "Point host at the " + (mac ? "Mac" : "Linux machine") + " this client is, or set kind to "
        + (mac ? "nixos or nix-linux" : "nix-darwin or nix-macos") + " for this machine. Nothing is written to it "
        + "until they agree.";
  }
}
