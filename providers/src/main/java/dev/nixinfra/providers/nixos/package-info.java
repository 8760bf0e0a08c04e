/**
 * Pure renderers of the NixOS and nix-darwin modules nixinfra owns: the builder module
 * ({@code /etc/nixos/nixinfra-builder.nix}), the client modules ({@code /etc/nixos/nixinfra-client.nix} and its
 * nix-darwin twin), Nix string escaping, and the edit that imports a module from a classic
 * {@code configuration.nix}. Values in, Nix text out: nothing here reads files, runs commands or touches the
 * network. Option names and types follow the shared reference "nix-remote-builds" §2.
 *
 * <p>Every piece of user-supplied text reaches the output only through {@link dev.nixinfra.providers.nixos.NixString},
 * so no value can end a string, start an interpolation or inject an attribute.
 */
package dev.nixinfra.providers.nixos;
