package dev.nixinfra.core.check;

import static dev.nixinfra.core.testing.Fixtures.addr;
import static dev.nixinfra.core.testing.Fixtures.attrs;
import static dev.nixinfra.core.testing.Fixtures.quietContext;
import static dev.nixinfra.core.testing.Fixtures.state;
import static dev.nixinfra.core.testing.Fixtures.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.State;
import dev.nixinfra.core.provider.FleetChecker;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CheckRunnerTest {
  private static final State APPLIED = state(stored("client.ci", attrs("host", "ci.example")),
      stored("client_key.ci", attrs("public_key", "ssh-ed25519 AAAA")),
      stored("builder.arm1", attrs("host", "arm1.example")), stored("builder.office", attrs("host", "o.example")));
  private static final CheckPair CI_ARM1 = new CheckPair(addr("client.ci"), addr("client_key.ci"),
      addr("builder.arm1"));
  private static final CheckPair CI_OFFICE = new CheckPair(addr("client.ci"), addr("client_key.ci"),
      addr("builder.office"));

  /** Passes for arm1; for office the store refuses the build user, as an untrusted one is. */
  private final FleetChecker checker = (client, key, builder, context) -> builder.address().name().equals("arm1")
      ? List.of(new StepResult.Passed(CheckStep.MODULES, "no module"), new StepResult.Passed(CheckStep.SSH, "logged in"),
          new StepResult.Passed(CheckStep.STORE, "trusted"), new StepResult.Passed(CheckStep.BUILD, "built on arm1"))
      : List.of(new StepResult.Passed(CheckStep.MODULES, "no module"), new StepResult.Passed(CheckStep.SSH, "logged in"),
          new StepResult.Failed(CheckStep.STORE, "remotebuild is not trusted", "add it to trusted-users"),
          new StepResult.NotRun(CheckStep.BUILD, "the store step failed"));

  @Test
  void everyPairIsCheckedAndOrderedWithItsFirstProblem() {
    CheckReport r = new CheckRunner(Optional.of(checker), 2).run(List.of(CI_OFFICE, CI_ARM1), APPLIED,
        quietContext());
    assertFalse(r.passed());
    assertEquals(List.of(addr("builder.arm1"), addr("builder.office")),
        r.pairs().stream().map(PairResult::builder).toList());
    assertTrue(r.pairs().get(0).passed());
    StepResult problem = r.pairs().get(1).problem().orElseThrow();
    assertEquals(CheckStep.STORE, problem.step());
    assertEquals("remotebuild is not trusted", ((StepResult.Failed) problem).cause());
  }

  @Test
  void aPairNotAppliedYetIsNotRunAndSaysWhy() {
    State partial = state(stored("client.ci", attrs()), stored("client_key.ci", attrs()));
    AtomicInteger calls = new AtomicInteger();
    CheckReport r = new CheckRunner(Optional.of((c, k, b, x) -> {
      calls.incrementAndGet();
      return checker.check(c, k, b, x);
    }), 1).run(List.of(CI_ARM1), partial, quietContext());
    assertEquals(0, calls.get());
    StepResult.NotRun notRun = (StepResult.NotRun) r.pairs().get(0).problem().orElseThrow();
    assertEquals("builder.arm1 is not applied yet: run nixinfra apply first", notRun.reason());
    assertFalse(r.passed());
  }

  @Test
  void withoutACheckerNothingPassesSilently() {
    CheckReport r = new CheckRunner(Optional.empty(), 1).run(List.of(CI_ARM1), APPLIED, quietContext());
    assertFalse(r.passed());
  }

  @Test
  void aCheckMustReportEveryStepInOrder() {
    FleetChecker sloppy = (c, k, b, x) -> List.of(new StepResult.Passed(CheckStep.BUILD, "?"));
    assertThrows(IllegalStateException.class,
        () -> new CheckRunner(Optional.of(sloppy), 1).run(List.of(CI_ARM1), APPLIED, quietContext()));
  }
}
