/** The providers that apply resources to the real world: Hetzner Cloud, the SSH transport to hosts, and Nix next. */
package dev.nixinfra.providers;
