package dev.nixinfra.core.testing;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.PlanRequest;
import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.core.provider.RefreshRequest;
import dev.nixinfra.core.provider.RefreshResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider whose "real world" is a map in memory. Computed attributes planned as unknown are filled with
 * {@code <attribute>-of-<address>}; ids count up. Tests can make operations fail, take time, or change the world
 * behind nixinfra's back to produce drift.
 */
public final class FakeProvider implements Provider {
  private final String name;
  private final Map<Address, ResourceState> world = new ConcurrentHashMap<>();
  private final Set<Address> failing = ConcurrentHashMap.newKeySet();
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private volatile long latencyMillis;
  private volatile boolean discovers;
  private volatile List<Diagnostic> validation = List.of();
  private volatile boolean unreachable;
  private volatile PlanFunction planning = PlanRequest::proposed;
  private volatile Optional<Diagnostic> readiness = Optional.empty();

  public FakeProvider(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  public FakeProvider failOn(Address address) {
    failing.add(address);
    return this;
  }

  public FakeProvider latency(long millis) {
    this.latencyMillis = millis;
    return this;
  }

  /**
   * Makes refresh work like a cloud provider's labelled listing: objects in the world that state lacks are adopted
   * for the desired resources at their address, and the others are reported as unmanaged.
   */
  public FakeProvider discovering() {
    this.discovers = true;
    return this;
  }

  /** How {@link #plan} completes planned values; by default it changes nothing. */
  public FakeProvider planning(PlanFunction f) {
    this.planning = f;
    return this;
  }

  /** A provider's planning step, for tests. */
  @FunctionalInterface
  public interface PlanFunction {
    Attributes plan(PlanRequest request) throws ProviderException;
  }

  /** Makes every refresh fail as an unreachable API does. */
  public FakeProvider unreachable() {
    this.unreachable = true;
    return this;
  }

  /** What {@link #validate} answers. */
  public FakeProvider validation(Diagnostic... diagnostics) {
    this.validation = List.of(diagnostics);
    return this;
  }

  /** What {@link #readiness} answers. */
  public FakeProvider notReady(Diagnostic problem) {
    this.readiness = Optional.of(problem);
    return this;
  }

  /** The objects that exist, by address. */
  public Map<Address, ResourceState> world() {
    return world;
  }

  /** Every operation in the order it started, as {@code read|apply|delete address}. */
  public List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** The most operations that ran at the same moment. */
  public int maxConcurrency() {
    return maxRunning.get();
  }

  @Override
  public Optional<ResourceState> read(ResourceState prior, OperationContext context) throws ProviderException {
    begin("read", prior.address());
    try {
      return Optional.ofNullable(world.get(prior.address()))
          .map(r -> new ResourceState(r.address(), r.id(), r.attributes(), prior.tainted(), prior.dependencies()));
    } finally {
      end();
    }
  }

  @Override
  public RefreshResult refresh(RefreshRequest request, OperationContext context) throws ProviderException {
    if (unreachable) {
      throw new ProviderException("could not reach " + name);
    }
    RefreshResult read = Provider.super.refresh(request, context);
    if (!discovers) {
      return read;
    }
    calls.add("list " + request.stack());
    Map<Address, ResourceState> adopted = new TreeMap<>();
    request.missing().forEach(m -> {
      ResourceState found = world.get(m.address());
      if (found != null) {
        adopted.put(m.address(), found);
      }
    });
    Set<Address> known = new java.util.HashSet<>(adopted.keySet());
    request.priors().forEach(p -> known.add(p.address()));
    request.missing().forEach(m -> known.add(m.address()));
    List<ResourceState> unmanaged = world.values().stream().filter(r -> !known.contains(r.address()))
        .sorted(java.util.Comparator.comparing(ResourceState::address)).toList();
    return new RefreshResult(read.current(), adopted, unmanaged, List.of());
  }

  @Override
  public Attributes plan(PlanRequest request) throws ProviderException {
    return planning.plan(request);
  }

  @Override
  public List<Diagnostic> validate(List<ResourceConfig> desired, OperationContext context) {
    return validation;
  }

  @Override
  public Optional<Diagnostic> readiness() {
    return readiness;
  }

  @Override
  public ResourceState apply(ApplyRequest request, OperationContext context) throws ProviderException {
    begin("apply", request.address());
    try {
      context.say("applying " + request.address());
      String id = request.prior().map(ResourceState::id).orElseGet(() -> "fake-" + ids.incrementAndGet());
      Map<String, Object> values = new TreeMap<>(request.planned().values());
      values.replaceAll((k, v) -> v == Unknown.VALUE ? k + "-of-" + request.address() : v);
      ResourceState made = new ResourceState(request.address(), id, new Attributes(values), false,
          request.dependencies());
      world.put(request.address(), made);
      return made;
    } finally {
      end();
    }
  }

  @Override
  public void delete(ResourceState prior, OperationContext context) throws ProviderException {
    begin("delete", prior.address());
    try {
      world.remove(prior.address());
    } finally {
      end();
    }
  }

  private void begin(String op, Address address) throws ProviderException {
    calls.add(op + " " + address);
    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    if (latencyMillis > 0) {
      try {
        Thread.sleep(latencyMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failing.contains(address) && !op.equals("read")) {
      running.decrementAndGet();
      throw new ProviderException("fake failure of " + address);
    }
  }

  private void end() {
    running.decrementAndGet();
  }
}
