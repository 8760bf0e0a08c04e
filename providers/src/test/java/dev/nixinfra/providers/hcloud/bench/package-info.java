/** Benchmarks of the Hetzner provider against the fake API: requests per refresh and their time. */
package dev.nixinfra.providers.hcloud.bench;
