/**
 * A stateful, in-process fake of the Hetzner Cloud API ({@code /v1}) for tests: servers, server actions, SSH keys
 * and the catalogue (server types, locations, images), answered in the real API's JSON shapes, with Bearer
 * authentication, pagination, rate-limit headers, actions that must be polled, and injectable faults. Start it with
 * {@link dev.nixinfra.providers.hcloud.fake.FakeHcloud#start(Options)} or run
 * {@link dev.nixinfra.providers.hcloud.fake.FakeHcloud#main(String[])} as a separate process.
 */
package dev.nixinfra.providers.hcloud.fake;
