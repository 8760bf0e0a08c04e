package dev.nixinfra.providers.hcloud.fake;

/**
 * One request as the fake received it: method, path relative to {@code /v1} (such as {@code /servers/42}) and
 * the raw query string ({@code ""} when none). Recorded before authentication, so refused requests count too.
 */
public record RecordedRequest(String method, String path, String query) {}
