/** The providers that apply resources to the real world: Hetzner Cloud now, SSH and Nix next. */
package dev.nixinfra.providers;
