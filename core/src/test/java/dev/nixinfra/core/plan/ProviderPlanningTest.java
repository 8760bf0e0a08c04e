package dev.nixinfra.core.plan;

import static dev.nixinfra.core.testing.Fixtures.addr;
import static dev.nixinfra.core.testing.Fixtures.attrs;
import static dev.nixinfra.core.testing.Fixtures.desired;
import static dev.nixinfra.core.testing.Fixtures.quietContext;
import static dev.nixinfra.core.testing.Fixtures.state;
import static dev.nixinfra.core.testing.Fixtures.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.testing.FakeProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The provider's planning step: files it will write are planned values, diffed like any other. */
class ProviderPlanningTest {
  private static final Attributes OFFICE = attrs("host", "build.acme.example", "port", 22L, "max_jobs", 8L,
      "systems", List.of("x86_64-linux"));

  /** Renders nix.conf's managed block from max_jobs, as the nix provider does. */
  private final FakeProvider nix = new FakeProvider("nix").planning(r -> r.proposed().with("files",
      Map.of("/etc/nix/nix.conf", "max-jobs = " + r.proposed().integer("max_jobs").orElseThrow() + "\n")));

  private PlanOutcome plan(Attributes office, State prior) {
    return new Planner(Providers.of(List.of(nix))).plan(Desired.of("acme",
        List.of(desired("builder.office", office))), prior, offline(), quietContext());
  }

  /** Planning from state alone: refresh is not what these tests are about. */
  private static PlanOptions offline() {
    return new PlanOptions(PlanMode.NORMAL, false, Set.of(), Set.of(), false);
  }

  @Test
  void plannedFilesAreCreatedThenComparedWithWhatRefreshRead() {
    Change create = plan(OFFICE, state()).plan().orElseThrow().change(addr("builder.office")).orElseThrow();
    assertEquals(Action.CREATE, create.action());
    assertEquals(Map.of("/etc/nix/nix.conf", "max-jobs = 8\n"), create.after().orElseThrow().get("files")
        .orElseThrow());

    State same = state(stored("builder.office", OFFICE.with("files", Map.of("/etc/nix/nix.conf", "max-jobs = 8\n"))
        .with("nix_version", "2.24.9")));
    assertEquals(Action.NO_OP, plan(OFFICE, same).plan().orElseThrow().change(addr("builder.office"))
        .orElseThrow().action());

    State editedByHand = state(stored("builder.office", OFFICE.with("files",
        Map.of("/etc/nix/nix.conf", "max-jobs = 64\n")).with("nix_version", "2.24.9")));
    Change repair = plan(OFFICE, editedByHand).plan().orElseThrow().change(addr("builder.office")).orElseThrow();
    assertEquals(Action.UPDATE, repair.action(), "a hand edit of the managed block is repaired in place");
  }

  @Test
  void aProviderThatDoesNotPlanFilesKeepsTheRecordedOnes() {
    FakeProvider plain = new FakeProvider("nix");
    State recorded = state(stored("builder.office", OFFICE.with("files", Map.of("/etc/x", "y\n"))
        .with("nix_version", "2.24.9")));
    PlanOutcome out = new Planner(Providers.of(List.of(plain))).plan(Desired.of("acme",
        List.of(desired("builder.office", OFFICE))), recorded, offline(), quietContext());
    assertEquals(Action.NO_OP, out.plan().orElseThrow().change(addr("builder.office")).orElseThrow().action());
    Change created = new Planner(Providers.of(List.of(plain))).plan(Desired.of("acme",
        List.of(desired("builder.office", OFFICE))), state(), offline(), quietContext()).plan()
        .orElseThrow().change(addr("builder.office")).orElseThrow();
    assertEquals(Unknown.VALUE, created.after().orElseThrow().get("files").orElseThrow());
  }

  @Test
  void aFailedPlanningStepIsAnErrorAtTheResource() {
    FakeProvider failing = new FakeProvider("nix").planning(r -> {
      throw new ProviderException("cannot render nix.conf for Nix 1.11");
    });
    PlanOutcome out = new Planner(Providers.of(List.of(failing))).plan(Desired.of("acme",
        List.of(desired("builder.office", OFFICE))), state(), offline(), quietContext());
    assertTrue(out.plan().isEmpty());
    assertEquals("planning builder.office failed: cannot render nix.conf for Nix 1.11",
        out.diagnostics().get(0).summary());
  }
}
