package dev.nixinfra.providers.hcloud.fake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The API's label selector: comma-separated expressions that must all hold. Supported: {@code k=v}, {@code k==v},
 * {@code k!=v} (also true when {@code k} is absent), {@code k} (present), {@code !k} (absent),
 * {@code k in (a,b)} and {@code k notin (a,b)}. A malformed selector is a 422 {@code invalid_input}.
 */
final class LabelSelector implements Predicate<Map<String, String>> {
  private final List<Predicate<Map<String, String>>> terms;

  private LabelSelector(List<Predicate<Map<String, String>>> terms) {
    this.terms = terms;
  }

  /** A selector matching everything for a null or blank text. */
  static LabelSelector parse(String text) {
    List<Predicate<Map<String, String>>> terms = new ArrayList<>();
    if (text != null && !text.isBlank()) {
      for (String raw : split(text)) {
        terms.add(term(raw.trim(), text));
      }
    }
    return new LabelSelector(List.copyOf(terms));
  }

  @Override
  public boolean test(Map<String, String> labels) {
    return terms.stream().allMatch(t -> t.test(labels));
  }

  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static Predicate<Map<String, String>> term(String t, String whole) {
    if (t.isEmpty()) {
      throw bad(whole);
    }
    String[] words = t.split("\\s+", 3);
    if (words.length == 3 && (words[1].equals("in") || words[1].equals("notin"))) {
      String list = words[2].trim();
      if (!list.startsWith("(") || !list.endsWith(")")) {
        throw bad(whole);
      }
      Set<String> values = Arrays.stream(list.substring(1, list.length() - 1).split(","))
          .map(String::trim).collect(Collectors.toSet());
      String key = key(words[0], whole);
      boolean in = words[1].equals("in");
      return l -> in == (l.containsKey(key) && values.contains(l.get(key)));
    }
    int ne = t.indexOf("!=");
    if (ne > 0) {
      String key = key(t.substring(0, ne), whole);
      String value = t.substring(ne + 2).trim();
      return l -> !value.equals(l.get(key));
    }
    int eq = t.indexOf('=');
    if (eq > 0) {
      String key = key(t.substring(0, eq), whole);
      String value = t.substring(t.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
      return l -> value.equals(l.get(key));
    }
    if (t.startsWith("!")) {
      String key = key(t.substring(1), whole);
      return l -> !l.containsKey(key);
    }
    String key = key(t, whole);
    return l -> l.containsKey(key);
  }

  private static String key(String k, String whole) {
    String key = k.trim();
    if (key.isEmpty() || key.contains(" ") || key.contains("!") || key.contains("=")) {
      throw bad(whole);
    }
    return key;
  }

  private static ApiError bad(String whole) {
    return ApiError.invalidInput("label_selector", "invalid label selector: " + whole);
  }
}
