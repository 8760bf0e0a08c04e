package dev.nixinfra.state.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nixinfra.core.state.LockInfo;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockInfoJsonTest {
  @Test
  void roundTrip() throws Exception {
    LockInfo info = new LockInfo("f00d", "apply", "alice", "laptop", 4242, Instant.parse("2026-11-22T08:00:00Z"),
        "nixinfra apply --auto-approve");
    assertEquals(info, LockInfoJson.parse(LockInfoJson.write(info)));
  }

  @Test
  void badTimeIsLocated() {
    InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> LockInfoJson.parse(
        "{\"id\":\"f\",\"operation\":\"apply\",\"user\":\"a\",\"host\":\"h\",\"pid\":1,\"created\":\"noon\","
            + "\"command\":\"c\"}"));
    assertEquals("line 1, column 71: \"created\" must be a time such as 2026-11-22T08:00:00Z", e.getMessage());
  }
}
