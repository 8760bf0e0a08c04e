package dev.nixinfra.core.apply;

import static dev.nixinfra.core.testing.Fixtures.attrs;
import static dev.nixinfra.core.testing.Fixtures.state;
import static dev.nixinfra.core.testing.Fixtures.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanMode;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StalePlanCheckTest {
  private static Plan planAgainst(State prior) {
    return new Plan("acme", PlanMode.NORMAL, prior, List.of(), List.of(), new TreeSet<>(), new TreeSet<>(), List.of());
  }

  @Test
  void acceptsAPlanMadeAgainstTheCurrentState() {
    State s = state(stored("builder.a", attrs("host", "a")));
    assertTrue(StalePlanCheck.check(planAgainst(s), Optional.of(s)).isEmpty());
    State fresh = State.empty();
    assertTrue(StalePlanCheck.check(planAgainst(fresh), Optional.empty()).isEmpty());
  }

  @Test
  void refusesAPlanWhoseStateMovedOn() {
    State s = state(stored("builder.a", attrs("host", "a")));
    State moved = s.with(stored("builder.b", attrs("host", "b")));
    String summary = StalePlanCheck.check(planAgainst(s), Optional.of(moved)).orElseThrow().summary();
    assertEquals("saved plan is stale: the state was changed by another run after the plan was made "
        + "(serial 7 then, 8 now)", summary);
  }

  @Test
  void refusesAPlanOfAnotherLineage() {
    State s = state(stored("builder.a", attrs("host", "a")));
    State other = new State("00000000-0000-4000-8000-000000000002", 7, new TreeMap<>(s.resources()));
    assertTrue(StalePlanCheck.check(planAgainst(s), Optional.of(other)).orElseThrow().summary()
        .startsWith("saved plan does not match the state: it was made for state lineage"));
  }

  @Test
  void refusesAPlanWhenTheStateDisappeared() {
    State s = state(stored("builder.a", attrs("host", "a")));
    assertTrue(StalePlanCheck.check(planAgainst(s), Optional.empty()).isPresent());
  }
}
