package dev.nixinfra.core.config;

import dev.nixinfra.core.model.Address;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Checks the names of builders and clients, which become resource names, host names and server names. */
final class Names {
  static final Pattern RECOMMENDED = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private Names() {}

  /**
   * Reports a name that cannot be a resource name (error), or one that is not lower case with {@code -} (error
   * when it names a Hetzner server, whose names must be host names; a warning otherwise). True when usable.
   */
  static boolean check(YamlContext ctx, Node key, String kind, String name, boolean namesServer) {
    if (!Address.isValidName(name)) {
      ctx.error(key, kind + " name `" + name + "` is not allowed",
          "use letters, digits, `-` and `_`, starting with a letter or digit; lower case and `-` are recommended,"
              + " for example `arm-1`");
      return false;
    }
    if (!RECOMMENDED.matcher(name).matches()) {
      String summary = kind + " name `" + name + "` is not lower-case letters, digits and `-`";
      if (namesServer) {
        ctx.error(key, summary, "it becomes part of the Hetzner server name, which must be a host name;"
            + " rename it, for example `" + name.toLowerCase().replace('_', '-') + "`");
        return false;
      }
      ctx.warning(key, summary, "such names work, but lower case and `-` read best in host names and labels");
    }
    return true;
  }
}
