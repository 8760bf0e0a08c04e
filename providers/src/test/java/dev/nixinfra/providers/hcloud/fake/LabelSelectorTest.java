package dev.nixinfra.providers.hcloud.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  static final Map<String, String> L = Map.of("nixinfra/stack", "prod", "role", "builder", "empty", "");

  static boolean m(String selector) {
    return LabelSelector.parse(selector).test(L);
  }

  @Test
  void equalityPresenceAndAbsence() {
    assertTrue(m(null));
    assertTrue(m(""));
    assertTrue(m("nixinfra/stack=prod"));
    assertTrue(m("nixinfra/stack==prod"));
    assertFalse(m("nixinfra/stack=dev"));
    assertTrue(m("role"));
    assertTrue(m("empty"));
    assertTrue(m("empty="));
    assertFalse(m("missing"));
    assertTrue(m("!missing"));
    assertFalse(m("!role"));
    assertTrue(m("role!=client"));
    assertTrue(m("missing!=x"));
    assertFalse(m("role!=builder"));
  }

  @Test
  void commasAreAndAndSetsWork() {
    assertTrue(m("nixinfra/stack=prod,role=builder"));
    assertFalse(m("nixinfra/stack=prod,role=client"));
    assertTrue(m("role in (client,builder),nixinfra/stack"));
    assertFalse(m("role notin (client, builder)"));
    assertTrue(m("missing notin (a)"));
  }

  @Test
  void malformedSelectorsAreInvalidInput() {
    for (String bad : new String[] {"=x", "a,,b", "a=b,", "role in client"}) {
      ApiError e = assertThrows(ApiError.class, () -> LabelSelector.parse(bad), bad);
      assertEquals("invalid_input", e.code);
      assertEquals(422, e.status);
    }
  }
}
