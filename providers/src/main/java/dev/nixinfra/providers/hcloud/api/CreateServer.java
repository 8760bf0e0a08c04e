package dev.nixinfra.providers.hcloud.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A server to create. {@code location} only: the API removed {@code datacenter} on 2026-07-01.
 *
 * @param sshKeys ids of the SSH keys that may log in as root
 */
public record CreateServer(String name, String serverType, String image, String location, List<Long> sshKeys,
    Map<String, String> labels) {
  public CreateServer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(serverType, "serverType");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(location, "location");
    sshKeys = List.copyOf(sshKeys);
    labels = Map.copyOf(labels);
  }
}
