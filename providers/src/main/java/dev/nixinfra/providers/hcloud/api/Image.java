package dev.nixinfra.providers.hcloud.api;

import java.util.Objects;

/** A system image, such as {@code ubuntu-24.04} for {@code arm}. Image names repeat across architectures. */
public record Image(long id, String name, String architecture, boolean deprecated) {
  public Image {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
  }
}
