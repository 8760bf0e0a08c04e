package dev.nixinfra.core.check;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.provider.FleetChecker;
import dev.nixinfra.core.provider.OperationContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks every pair against the applied state, several pairs at once. A pair whose client, key or builder is not
 * in state is not run, with the reason; so is every pair when no provider can check clients.
 */
public final class CheckRunner {
  private final Optional<FleetChecker> checker;
  private final int parallelism;

  public CheckRunner(Optional<FleetChecker> checker, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.checker = checker;
    this.parallelism = parallelism;
  }

  public CheckReport run(List<CheckPair> pairs, State state, OperationContext context) {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "nixinfra-check");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<PairResult>> running = new ArrayList<>();
      for (CheckPair p : pairs) {
        running.add(pool.submit(() -> check(p, state, context.forResource(p.client()))));
      }
      List<PairResult> out = new ArrayList<>();
      for (Future<PairResult> f : running) {
        out.add(f.get());
      }
      out.sort(Comparator.comparing(PairResult::client).thenComparing(PairResult::builder));
      return new CheckReport(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("check interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a check failed unexpectedly: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private PairResult check(CheckPair p, State state, OperationContext context) {
    for (Address a : List.of(p.client(), p.clientKey(), p.builder())) {
      if (state.resource(a).isEmpty()) {
        return PairResult.notRun(p.client(), p.builder(), a + " is not applied yet: run nixinfra apply first");
      }
    }
    if (checker.isEmpty()) {
      return PairResult.notRun(p.client(), p.builder(),
          "this version of nixinfra cannot check clients yet");
    }
    ResourceState client = state.resource(p.client()).orElseThrow();
    ResourceState key = state.resource(p.clientKey()).orElseThrow();
    ResourceState builder = state.resource(p.builder()).orElseThrow();
    return new PairResult(p.client(), p.builder(), checker.get().check(client, key, builder, context));
  }
}
