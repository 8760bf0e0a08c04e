package dev.nixinfra.state.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nixinfra.core.state.LockInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Who holds a state lock, as the small JSON object kept next to a lock so that a refused run can name the holder:
 * {@code {"id","operation","user","host","pid","created","command"}}, {@code created} in ISO-8601.
 */
public final class LockInfoJson {
  private LockInfoJson() {
  }

  public static String write(LockInfo info) {
    ObjectNode o = JsonText.NODES.objectNode();
    o.put("id", info.id());
    o.put("operation", info.operation());
    o.put("user", info.user());
    o.put("host", info.host());
    o.put("pid", info.pid());
    o.put("created", info.created().toString());
    o.put("command", info.command());
    return JsonText.print(o);
  }

  public static LockInfo parse(String text) throws InvalidJsonException {
    JsonValue root = JsonText.parse(text);
    JsonValue created = root.field("created");
    Instant at;
    try {
      at = Instant.parse(created.string());
    } catch (DateTimeParseException e) {
      throw created.mustBe("a time such as 2026-11-22T08:00:00Z");
    }
    return new LockInfo(root.field("id").text(), root.field("operation").string(), root.field("user").string(),
        root.field("host").string(), root.field("pid").wholeNumber(), at, root.field("command").string());
  }
}
