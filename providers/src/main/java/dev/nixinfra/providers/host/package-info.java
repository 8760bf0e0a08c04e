/**
 * The {@code nix} provider: configures machines that already run Nix over SSH (or this machine for
 * {@code host: local}). Builders with {@code os: nix} get a build user, its authorized keys and a managed block in
 * nix.conf; clients of kind {@code nix-linux} and {@code nix-macos} get a key pair, a machines file and a managed
 * block in nix.conf; NixOS builders and clients, and nix-darwin clients whose Nix nix-darwin manages, get a module
 * imported from their configuration.nix instead; {@code check} proves from each client that builds really run on
 * each builder.
 *
 * <p>Refresh reads facts from the hosts (Nix version, host key, own system features, the files nixinfra wrote);
 * plan renders the files from those facts with the pure renderers of {@code dev.nixinfra.providers.nix} and
 * contacts nothing; apply writes what plan rendered, with backups, atomic writes and daemon restarts only when
 * nix.conf changed.
 */
package dev.nixinfra.providers.host;
