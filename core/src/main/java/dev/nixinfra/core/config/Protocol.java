package dev.nixinfra.core.config;

/** How clients talk to a builder's store: {@code ssh-ng://} (the default) or the older {@code ssh://}. Spelled in YAML as the lower-case name with {@code -} for {@code _}. */
public enum Protocol {
  SSH_NG, SSH;

  /** The spelling in nixinfra.yaml and in resource attributes. */
  public String wire() {
    return Wire.of(this);
  }
}
