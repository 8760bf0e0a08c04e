package dev.nixinfra.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.State;
import dev.nixinfra.providers.hcloud.fake.FakeHcloud;
import dev.nixinfra.providers.hcloud.fake.Options;
import dev.nixinfra.providers.hcloud.fake.ServerView;
import dev.nixinfra.state.json.StateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What the fake cloud and the state file say about one {@link Fleet}, and the invariants between them. */
final class Cloud {
  private Cloud() {}

  /**
   * The fake as the crash and fault runs use it: 30 ms per request, actions that answer "running" once, and a
   * large request budget, since hundreds of runs share it and pacing is not what they test.
   */
  static FakeHcloud start() {
    return FakeHcloud.start(Options.builder().latency(Duration.ofMillis(30)).actionPolls(1).rateLimit(1_000_000)
        .build());
  }

  /** The environment that points the packaged CLI at {@code cloud}. */
  static Map<String, String> env(FakeHcloud cloud) {
    return Map.of("HCLOUD_TOKEN", cloud.token(), "HCLOUD_ENDPOINT", cloud.endpoint().toString());
  }

  /** The stack's servers at the fake, by name. */
  static Map<String, ServerView> servers(FakeHcloud cloud, Fleet fleet) {
    Map<String, ServerView> out = new TreeMap<>();
    for (ServerView s : cloud.servers()) {
      if (fleet.stack().equals(s.labels().get("nixinfra/stack"))) {
        out.put(s.name(), s);
      }
    }
    return out;
  }

  /** The state file read with the product's own codec; empty when no run got as far as writing one. */
  static Optional<State> state(Fleet fleet) throws Exception {
    Path file = fleet.stateFile();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(StateJson.read(Files.readString(file), file));
  }

  static boolean recorded(State state, String builder) {
    return state.resource(new Address("hcloud_server", builder)).isPresent();
  }

  /** No name of the stack was created by {@code POST /servers} more than once, ever. */
  static void assertNoneCreatedTwice(FakeHcloud cloud, Fleet fleet, String context) {
    for (String name : fleet.serverNames()) {
      long created = cloud.createdServerNames().stream().filter(name::equals).count();
      assertTrue(created <= 1, name + " created " + created + " times " + context);
    }
  }

  /** The stack has exactly its configured servers, each created once, each recorded in state under its id. */
  static void assertConverged(FakeHcloud cloud, Fleet fleet, String context) throws Exception {
    Map<String, ServerView> servers = servers(cloud, fleet);
    assertEquals(fleet.serverNames(), List.copyOf(servers.keySet()), "the configured fleet " + context);
    assertNoneCreatedTwice(cloud, fleet, context);
    State state = state(fleet).orElseThrow(() -> new AssertionError("no state " + context));
    for (String b : Fleet.builders(fleet.size())) {
      String id = state.resource(new Address("hcloud_server", b)).orElseThrow(
          () -> new AssertionError(b + " not in state " + context)).id();
      assertEquals(String.valueOf(servers.get(fleet.stack() + "-" + b).id()), id, b + " " + context);
    }
  }
}
