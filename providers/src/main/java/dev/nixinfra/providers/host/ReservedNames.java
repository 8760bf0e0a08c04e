package dev.nixinfra.providers.host;

import java.util.Locale;

/**
 * Host names reserved for documentation (RFC 2606): under {@code .example} or {@code .invalid}, or in
 * {@code example.com}, {@code example.net} and {@code example.org}. They never name a real machine, so nixinfra
 * does not try to reach them (not even through DNS) and says so: a configuration copied from the docs plans
 * without touching the network.
 */
final class ReservedNames {
  private ReservedNames() {}

  static boolean isReserved(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    for (String suffix : new String[] {"example", "invalid", "example.com", "example.net", "example.org"}) {
      if (h.equals(suffix) || h.endsWith("." + suffix)) {
        return true;
      }
    }
    return false;
  }
}
