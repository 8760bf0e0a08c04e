package dev.nixinfra.providers.nix;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks for values that end up inside whitespace-separated, {@code #}-commented, {@code ;}-separated files
 * (machines files, nix.conf, ssh_config, authorized_keys): one stray space, {@code #} or {@code ;} silently shifts or
 * cuts every later field, so such values are refused where they enter.
 */
final class Fields {
  /** A builder or client name as nixinfra.yaml allows it (see {@code Address.isValidName}). */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  static final Pattern FEATURE = Pattern.compile("[a-z0-9-]+");
  static final Pattern SYSTEM = Pattern.compile("[a-z0-9_]+-[a-z0-9]+");
  /** DNS name, IPv4, IPv6 with or without brackets; never {@code user@}, a path, a query or a port. */
  static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[?[0-9A-Fa-f:.%]+]?");
  static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/+-]*");
  static final Pattern KEY_TYPE = Pattern.compile("(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)"
      + "|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\\.com)");
  static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

  private Fields() {}

  static String require(Pattern pattern, String value, String what) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " '" + value + "' does not match " + pattern.pattern());
    }
    return value;
  }

  static List<String> requireAll(Pattern pattern, List<String> values, String what) {
    List<String> copy = List.copyOf(values);
    copy.forEach(v -> require(pattern, v, what));
    return copy;
  }

  /** True for an IPv6 literal, with or without brackets (it contains a colon; names and IPv4 never do). */
  static boolean isIpv6(String host) {
    return host.indexOf(':') >= 0;
  }

  /** The host without IPv6 brackets, as ssh's {@code HostName} and the ssh command line take it. */
  static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /**
   * An OpenSSH public key line, {@code <type> <base64>[ comment]}, checked and split. The comment may hold spaces
   * but no line break or {@code "}.
   */
  static String[] publicKey(String line, String what) {
    if (line == null || line.contains("\n") || line.contains("\r") || line.contains("\"")) {
      throw new IllegalArgumentException(what + " must be one line without quotes");
    }
    String[] parts = line.strip().split("\\s+", 3);
    if (parts.length < 2 || !KEY_TYPE.matcher(parts[0]).matches() || !BASE64.matcher(parts[1]).matches()) {
      throw new IllegalArgumentException(what + " is not an OpenSSH public key line (`ssh-ed25519 AAAA...`): '"
          + line + "'");
    }
    return parts;
  }
}
