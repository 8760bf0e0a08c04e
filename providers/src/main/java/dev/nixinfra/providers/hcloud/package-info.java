/** The Hetzner Cloud provider: servers and the SSH key, refreshed from one labelled listing, adopted after crashes. */
package dev.nixinfra.providers.hcloud;
