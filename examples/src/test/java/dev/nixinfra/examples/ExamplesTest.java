package dev.nixinfra.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.config.ConfigLoader;
import dev.nixinfra.core.config.Expander;
import dev.nixinfra.core.config.LoadResult;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Action;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanOptions;
import dev.nixinfra.core.plan.PlanOutcome;
import dev.nixinfra.core.plan.Planner;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.testing.FakeProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example configuration validates without errors and plans a fleet of creations, contacting nothing. */
class ExamplesTest {
  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(""))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void thereAreExamples() throws IOException {
    assertTrue(examples().size() >= 3, "examples: " + examples());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void validatesAndPlans(Path file) throws IOException {
    List<String> hosts = Files.readAllLines(file).stream().map(String::trim).filter(l -> l.startsWith("host:"))
        .map(l -> l.substring(5).trim()).filter(h -> !h.equals("local")).toList();
    hosts.forEach(h -> assertTrue(h.endsWith(".example"), file + ": " + h + " is not in the reserved .example domain"));

    LoadResult loaded = ConfigLoader.load(file, file.toString(), Map.of());
    assertEquals(List.of(), loaded.diagnostics(), "an example is clean: no errors, no warnings");
    Desired desired = Expander.expand(loaded.config().orElseThrow());

    // Real-named fakes stand in for every provider: planning a new fleet must not call any of them.
    FakeProvider hcloud = new FakeProvider("hcloud");
    FakeProvider nix = new FakeProvider("nix");
    FakeProvider bootstrap = new FakeProvider("bootstrap");
    PlanOutcome outcome = new Planner(Providers.of(List.of(hcloud, nix, bootstrap))).plan(desired,
        State.empty(), PlanOptions.defaults(),
        new OperationContext(desired.resources().firstKey(), (a, l) -> { }, () -> false));
    Plan plan = outcome.plan().orElseThrow(() -> new AssertionError(outcome.diagnostics().toString()));
    assertEquals(desired.resources().size(), plan.changes().size());
    assertTrue(plan.changes().stream().allMatch(c -> c.action() == Action.CREATE));
    assertEquals(desired.resources().size(), plan.summary().add());
    assertEquals(List.of(), hcloud.calls());
    assertEquals(List.of(), nix.calls());
    assertEquals(List.of(), bootstrap.calls());
  }
}
