/**
 * Pure renderers for Nix remote builds: machines lines, ssh_config aliases, authorized_keys lines, nix.conf blocks,
 * managed blocks in users' files, the remote-build probe and advice for Nix's error messages. Values
 * in, text out: nothing here reads files, runs commands or touches the network.
 */
package dev.nixinfra.providers.nix;
