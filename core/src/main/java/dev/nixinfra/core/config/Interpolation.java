package dev.nixinfra.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}} in string values: each occurrence is replaced by the environment variable's value. Any other
 * use of <code>${</code> is rejected, so that later kinds of reference can be added without changing what existing
 * files mean.
 */
final class Interpolation {
  private static final Pattern REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

  /**
   * @param value the text with every set variable replaced; unset variables are replaced by nothing
   * @param variables every variable named, in order
   * @param unset the named variables that are not set
   * @param malformed the first <code>${...</code> that is not a valid reference, if any
   */
  record Result(String value, List<String> variables, List<String> unset, Optional<String> malformed) {
    boolean interpolated() {
      return !variables.isEmpty();
    }
  }

  private Interpolation() {}

  static Result resolve(String text, Map<String, String> env) {
    List<String> names = new ArrayList<>();
    List<String> unset = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    Matcher m = REF.matcher(text);
    int last = 0;
    Optional<String> malformed = Optional.empty();
    while (m.find()) {
      String between = text.substring(last, m.start());
      malformed = malformed.or(() -> badReference(between));
      out.append(between);
      String name = m.group(1);
      names.add(name);
      String v = env.get(name);
      if (v == null) {
        unset.add(name);
      } else {
        out.append(v);
      }
      last = m.end();
    }
    String tail = text.substring(last);
    malformed = malformed.or(() -> badReference(tail));
    out.append(tail);
    return new Result(out.toString(), List.copyOf(names), List.copyOf(unset), malformed);
  }

  private static Optional<String> badReference(String text) {
    int i = text.indexOf("${");
    if (i < 0) {
      return Optional.empty();
    }
    int end = text.indexOf('}', i);
    return Optional.of(end < 0 ? text.substring(i) : text.substring(i, end + 1));
  }
}
