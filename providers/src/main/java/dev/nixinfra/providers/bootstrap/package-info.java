/**
 * The {@code bootstrap} provider: turns a fresh Debian or Ubuntu machine into NixOS with nixos-infect over SSH.
 *
 * <p>{@link dev.nixinfra.providers.bootstrap.InfectScript} pins the script (commit and sha256, checked on the host
 * before it runs); {@link dev.nixinfra.providers.bootstrap.Bootstrap} is the state machine (connect, check the OS,
 * infect, reboot, wait, verify, clean up); {@link dev.nixinfra.providers.bootstrap.BootstrapProvider} maps it onto
 * the {@code nixos_infect} resource, tainting it when a bootstrap fails after the script started. SSH access goes
 * through {@link dev.nixinfra.providers.bootstrap.BootstrapAccess} so that tests can inject connections.
 */
package dev.nixinfra.providers.bootstrap;
