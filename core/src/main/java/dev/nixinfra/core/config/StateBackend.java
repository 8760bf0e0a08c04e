package dev.nixinfra.core.config;

/** Where nixinfra keeps its state. Spelled in YAML as the lower-case name with {@code -} for {@code _}. */
public enum StateBackend {
  LOCAL, POSTGRES;

  /** The spelling in nixinfra.yaml and in resource attributes. */
  public String wire() {
    return Wire.of(this);
  }
}
