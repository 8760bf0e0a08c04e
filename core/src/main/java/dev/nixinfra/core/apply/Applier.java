package dev.nixinfra.core.apply;

import dev.nixinfra.core.graph.DependencyGraph;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.AttributeSpec;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Ref;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.ResourceType;
import dev.nixinfra.core.model.ResourceTypes;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Action;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.PartialApplyException;
import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.state.StateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Executes a plan exactly. Changes run in dependency order with at most {@code parallelism} at once;
 * independent branches go on when one fails, and what depends on a failure is skipped. After every single
 * resource operation the new state is handed to the {@link StateWriter}, so a crash at any moment leaves an
 * accurate record. Once {@code cancelled} turns true no new operation starts; running ones finish and are recorded.
 */
public final class Applier {
  private final Providers providers;
  private final StateWriter writer;
  private final ApplyListener listener;
  private final int parallelism;
  private final BooleanSupplier cancelled;
  private final Duration progressInterval;

  private final Object stateLock = new Object();
  private State state;
  private Optional<String> stateWriteFailure = Optional.empty();
  private final AtomicInteger added = new AtomicInteger();
  private final AtomicInteger changed = new AtomicInteger();
  private final AtomicInteger destroyed = new AtomicInteger();

  public Applier(Providers providers, StateWriter writer, ApplyListener listener, int parallelism,
      BooleanSupplier cancelled, Duration progressInterval) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.providers = Objects.requireNonNull(providers);
    this.writer = Objects.requireNonNull(writer);
    this.listener = Objects.requireNonNull(listener);
    this.parallelism = parallelism;
    this.cancelled = Objects.requireNonNull(cancelled);
    this.progressInterval = Objects.requireNonNull(progressInterval);
  }

  private enum Status { PENDING, RUNNING, DONE, FAILED, SKIPPED, NOT_STARTED }

  private record Outcome(Address address, Optional<String> failure) {}

  /** Runs the plan; call once per Applier. The caller has checked that the plan is not stale. */
  public ApplyResult apply(Plan plan) {
    DependencyGraph order = ExecutionOrder.of(plan);
    state = plan.prior();
    if (plan.refreshChangedState() && !order.nodes().isEmpty()) {
      // Record what refresh found before changing anything, so state matches reality from the first write.
      record(s -> new State(s.lineage(), s.serial() + 1, s.resources()));
    }
    Optional<List<Address>> cycle = order.findCycle();
    if (cycle.isPresent()) {
      throw new IllegalStateException("the plan's changes wait on each other in a cycle: " + cycle.get());
    }
    Map<Address, Status> status = new ConcurrentHashMap<>();
    Map<Address, Long> startedAt = new ConcurrentHashMap<>();
    order.nodes().forEach(a -> status.put(a, Status.PENDING));
    List<ApplyResult.Failure> failures = new ArrayList<>();
    List<Address> skipped = new ArrayList<>();
    List<Address> notStarted = new ArrayList<>();

    ExecutorService pool = Executors.newFixedThreadPool(parallelism, daemon("nixinfra-apply"));
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("nixinfra-progress"));
    long tick = Math.max(1, progressInterval.toMillis());
    ticker.scheduleAtFixedRate(() -> startedAt.forEach((a, t) -> plan.change(a).ifPresent(c ->
        listener.stillRunning(c, Duration.ofNanos(System.nanoTime() - t)))), tick, tick, TimeUnit.MILLISECONDS);
    CompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
    int running = 0;
    try {
      while (true) {
        boolean stop = cancelled.getAsBoolean() || stateWriteFailed();
        boolean progress = true;
        while (progress) {
          progress = false;
          for (Address a : order.nodes()) {
            if (status.get(a) != Status.PENDING) {
              continue;
            }
            Optional<Address> blocked = order.dependenciesOf(a).stream()
                .filter(d -> status.get(d) == Status.FAILED || status.get(d) == Status.SKIPPED).findFirst();
            if (blocked.isPresent()) {
              status.put(a, Status.SKIPPED);
              skipped.add(a);
              listener.skipped(plan.change(a).orElseThrow(), blocked.get());
              progress = true;
            } else if (!stop && running < parallelism
                && order.dependenciesOf(a).stream().allMatch(d -> status.get(d) == Status.DONE)) {
              Change c = plan.change(a).orElseThrow();
              status.put(a, Status.RUNNING);
              startedAt.put(a, System.nanoTime());
              listener.starting(c);
              done.submit(() -> run(c));
              running++;
            }
          }
        }
        if (running == 0) {
          break;
        }
        Outcome o = done.take().get();
        running--;
        Change c = plan.change(o.address()).orElseThrow();
        Duration took = Duration.ofNanos(System.nanoTime() - startedAt.remove(o.address()));
        if (o.failure().isPresent()) {
          status.put(o.address(), Status.FAILED);
          failures.add(new ApplyResult.Failure(o.address(), o.failure().get()));
          listener.failed(c, o.failure().get());
        } else {
          status.put(o.address(), Status.DONE);
          listener.finished(c, took, currentState().resource(o.address()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("an apply worker failed unexpectedly", e.getCause());
    } finally {
      ticker.shutdownNow();
      pool.shutdown();
    }
    for (Address a : order.nodes()) {
      if (status.get(a) == Status.PENDING) {
        status.put(a, Status.NOT_STARTED);
        notStarted.add(a);
        listener.notStarted(plan.change(a).orElseThrow());
      }
    }
    synchronized (stateLock) {
      return new ApplyResult(state, added.get(), changed.get(), destroyed.get(), failures, skipped, notStarted,
          stateWriteFailure);
    }
  }

  private Outcome run(Change c) {
    Address a = c.address();
    Optional<Provider> provider = providers.forType(a.type());
    if (provider.isEmpty()) {
      return new Outcome(a, Optional.of("cannot apply " + a + ": " + Providers.missingMessage(a.type())));
    }
    OperationContext context = new OperationContext(a, listener::output, cancelled);
    try {
      switch (c.action()) {
        case CREATE -> {
          create(provider.get(), c, context);
          added.incrementAndGet();
        }
        case UPDATE -> {
          update(provider.get(), c, context);
          changed.incrementAndGet();
        }
        case REPLACE -> {
          delete(provider.get(), a, context);
          destroyed.incrementAndGet();
          create(provider.get(), c, context);
          added.incrementAndGet();
        }
        case DELETE -> {
          delete(provider.get(), a, context);
          destroyed.incrementAndGet();
        }
        case NO_OP -> { }
      }
      return new Outcome(a, Optional.empty());
    } catch (PartialApplyException e) {
      ResourceState partial = e.partial();
      record(s -> s.with(new ResourceState(a, partial.id(), partial.attributes(), true, c.dependsOn())));
      return new Outcome(a, Optional.of(e.getMessage() + " (" + a + " is kept in state as tainted; the next plan "
          + "replaces it)"));
    } catch (ProviderException | ApplyFailure e) {
      return new Outcome(a, Optional.of(e.getMessage()));
    } catch (RuntimeException e) {
      return new Outcome(a, Optional.of("unexpected error while applying " + a + ": " + e
          + "; this is a bug in nixinfra"));
    }
  }

  private void create(Provider provider, Change c, OperationContext context) throws ProviderException {
    Attributes planned = resolve(c);
    ResourceState result = provider.apply(
        new ApplyRequest(c.address(), Optional.empty(), planned, c.dependsOn()), context);
    store(c, planned, result);
  }

  private void update(Provider provider, Change c, OperationContext context) throws ProviderException {
    ResourceState prior = currentState().resource(c.address()).orElseThrow(() -> new ApplyFailure(
        c.address() + " is no longer in state; run plan again"));
    Attributes planned = resolve(c);
    ResourceState result = provider.apply(
        new ApplyRequest(c.address(), Optional.of(prior), planned, c.dependsOn()), context);
    store(c, planned, result);
  }

  private void delete(Provider provider, Address a, OperationContext context) throws ProviderException {
    Optional<ResourceState> prior = currentState().resource(a);
    if (prior.isPresent()) {
      provider.delete(prior.get(), context);
    }
    record(s -> s.without(a));
  }

  /** Records what the provider made, then checks it kept its promise. */
  private void store(Change c, Attributes planned, ResourceState result) {
    if (!result.address().equals(c.address())) {
      throw new ApplyFailure("the provider returned " + result.address() + " for " + c.address()
          + "; this is a bug in the provider");
    }
    ResourceState recorded =
        new ResourceState(c.address(), result.id(), result.attributes(), false, c.dependsOn());
    record(s -> s.with(recorded));
    ResourceType type = ResourceTypes.get(c.address().type());
    for (Map.Entry<String, Object> e : planned.values().entrySet()) {
      boolean computed = type.attribute(e.getKey()).map(AttributeSpec::computed).orElse(false);
      Object got = result.attributes().values().get(e.getKey());
      if (!computed && !Attributes.isPending(e.getValue()) && !Objects.equals(e.getValue(), got)) {
        throw new ApplyFailure("the provider produced an inconsistent result for " + c.address() + ": "
            + e.getKey() + " was planned as " + e.getValue() + " but is " + got
            + "; this is a bug in the provider");
      }
    }
  }

  /** The planned values, with every reference replaced by the referenced resource's value as now applied. */
  private Attributes resolve(Change c) {
    State now = currentState();
    return c.after().orElseThrow().resolve((Ref r) -> now.resource(r.address())
        .flatMap(res -> res.attributes().get(r.attribute()))
        .orElseThrow(() -> new ApplyFailure(c.address() + " needs " + r + ", which " + r.address()
            + " did not provide")));
  }

  private State currentState() {
    synchronized (stateLock) {
      return state;
    }
  }

  private boolean stateWriteFailed() {
    synchronized (stateLock) {
      return stateWriteFailure.isPresent();
    }
  }

  /** Applies {@code change} to the in-memory state and persists the result; one writer at a time. */
  private void record(UnaryOperator<State> change) {
    synchronized (stateLock) {
      state = change.apply(state);
      if (stateWriteFailure.isPresent()) {
        return;
      }
      try {
        writer.write(state);
      } catch (StateException e) {
        stateWriteFailure = Optional.of(e.getMessage());
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A failure the engine itself detects; its message is for the user. */
  private static final class ApplyFailure extends RuntimeException {
    ApplyFailure(String message) {
      super(message, null, false, false);
    }
  }
}
