package dev.nixinfra.providers.hcloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list answer: {@code {"<key>": [...], "meta": {"pagination": {page, per_page, previous_page,
 * next_page, last_page, total_entries}}}}. {@code page} starts at 1; {@code per_page} defaults to 25 and is capped
 * at the configured maximum (50 like the API); a page past the end is empty. Bad numbers are 422
 * {@code invalid_input}.
 */
final class Page {
  static final int DEFAULT_PER_PAGE = 25;

  private Page() {}

  static <T> ObjectNode of(String key, List<T> all, Query q, int cap, Function<T, JsonNode> render) {
    int page = positive(q, "page", 1);
    int perPage = Math.min(positive(q, "per_page", DEFAULT_PER_PAGE), cap);
    int total = all.size();
    int last = Math.max(1, (total + perPage - 1) / perPage);
    ArrayNode items = Json.array();
    long from = (long) (page - 1) * perPage;
    for (long i = from; i < Math.min(total, from + perPage); i++) {
      items.add(render.apply(all.get((int) i)));
    }
    ObjectNode p = Json.object();
    p.put("page", page);
    p.put("per_page", perPage);
    if (page > 1) {
      p.put("previous_page", page - 1);
    } else {
      p.putNull("previous_page");
    }
    if (page < last) {
      p.put("next_page", page + 1);
    } else {
      p.putNull("next_page");
    }
    p.put("last_page", last);
    p.put("total_entries", total);
    ObjectNode meta = Json.object();
    meta.set("pagination", p);
    ObjectNode root = Json.object();
    root.set(key, items);
    root.set("meta", meta);
    return root;
  }

  private static int positive(Query q, String name, int fallback) {
    String v = q.first(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.invalidInput(name, "must be a positive integer");
  }
}
