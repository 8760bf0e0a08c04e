package dev.nixinfra.providers.host;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.providers.nix.NixConfBlock;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a client of kind {@code nix-darwin} gets nixinfra's nix-darwin module, or, because nix-darwin does not
 * manage Nix there ({@code nix.enable = false}, as with Determinate Nix; shared reference §2.4, §2.5), the files of
 * kind {@code nix-macos}, which that Nix reads: a module's {@code nix.*} settings would be ignored. Pure.
 */
final class DarwinFallback {
  private DarwinFallback() {}

  /**
   * True when the client gets the files of kind nix-macos: as the facts refresh read say ({@link
   * HostFacts#nixDarwinNix}); without facts, as state records (the nix-macos files hold the machines file); for a
   * host never read, the module.
   */
  static boolean applies(Optional<HostFacts> facts, Optional<Attributes> recorded) {
    if (facts.isPresent()) {
      return !facts.get().nixDarwinNix();
    }
    return recorded.map(r -> Values.files(r).containsKey(NixConfBlock.NIXINFRA_MACHINES)).orElse(false);
  }

  /** The plan warning for a nix-darwin client planned with the nix-macos files; empty for any other resource. */
  static Optional<String> warning(Address address, Map<String, Object> planned) {
    if (!NixosFiles.isDarwinClient(address.type(), planned)) {
      return Optional.empty();
    }
    Map<String, Object> files = Values.files(new Attributes(planned));
    if (!files.containsKey(NixConfBlock.NIXINFRA_MACHINES)) {
      return Optional.empty();
    }
    String determinate = files.containsKey(NixConfBlock.NIX_CUSTOM_CONF)
        ? " (its nix.conf includes nix.custom.conf, as Determinate Nix's does)" : "";
    return Optional.of(address + " is kind nix-darwin, but nix-darwin does not manage Nix on that Mac: "
        + NixConfBlock.NIX_CONF + " is not nix-darwin's link into " + HostFacts.DARWIN_STATIC
        + ", so nix.enable = false" + determinate + " and a nix-darwin module's nix.* settings would be ignored. "
        + "nixinfra configures it like kind nix-macos instead: its machines file, a nix.conf block and a daemon "
        + "restart");
  }
}
