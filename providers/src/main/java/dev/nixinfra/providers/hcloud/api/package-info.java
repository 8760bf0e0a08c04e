/** A client of the Hetzner Cloud API: typed calls, retries, rate limits, pagination and action waiting. */
package dev.nixinfra.providers.hcloud.api;
