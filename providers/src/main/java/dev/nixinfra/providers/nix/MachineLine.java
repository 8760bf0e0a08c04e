package dev.nixinfra.providers.nix;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rendered machines entry.
 *
 * @param builder the builder it names
 * @param text the line, without comment or newline; also what {@code --builders '<text>'} takes
 * @param alias the ssh_config block root needs for this line to work, when the line names an alias
 * @param warnings what this Nix will not honour in the line, in plain words; empty when it honours everything
 */
public record MachineLine(String builder, String text, Optional<SshConfigAlias> alias, List<String> warnings) {
  public MachineLine {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(alias, "alias");
    warnings = List.copyOf(warnings);
    if (text.contains("\n") || text.contains("#") || text.contains(";") || text.contains("\"")) {
      throw new IllegalArgumentException("a machines line has no newline, #, ; or \": " + text);
    }
  }
}
