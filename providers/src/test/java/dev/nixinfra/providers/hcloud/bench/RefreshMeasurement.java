package dev.nixinfra.providers.hcloud.bench;

import dev.nixinfra.core.config.ConfigLoader;
import dev.nixinfra.core.config.Expander;
import dev.nixinfra.core.model.Desired;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanOptions;
import dev.nixinfra.core.plan.PlanOutcome;
import dev.nixinfra.core.plan.Planner;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.testing.FakeProvider;
import dev.nixinfra.providers.hcloud.HcloudProvider;
import dev.nixinfra.providers.hcloud.api.HcloudHttp;
import dev.nixinfra.providers.hcloud.api.HcloudSettings;
import dev.nixinfra.providers.hcloud.api.OkHttpHcloudApi;
import dev.nixinfra.providers.hcloud.fake.FakeHcloud;
import dev.nixinfra.providers.hcloud.fake.Options;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One measured plan of a stack of {@code servers} Hetzner builders that all exist: the real provider and HTTP
 * client against the fake API with a fixed latency per request. A first plan adopts every server (state is empty);
 * the measured plan then refreshes them from that state, as every later {@code nixinfra plan} does.
 *
 * @param listCalls requests for the labelled server listing ({@code GET /servers})
 * @param otherCalls every other request: the stack's key, the catalogue checks
 * @param millis wall time of the measured plan
 */
record RefreshMeasurement(int servers, long listCalls, long otherCalls, long millis) {
  static final String STACK = "bench";

  long total() {
    return listCalls + otherCalls;
  }

  static RefreshMeasurement of(int servers, Duration latency) {
    try (FakeHcloud cloud = FakeHcloud.start(Options.builder().latency(latency).build())) {
      cloud.seedServers(STACK, servers, "cax21", "fsn1", "ubuntu-24.04");
      HcloudSettings settings = HcloudSettings.of(cloud.token()).withEndpoint(cloud.endpoint());
      Planner planner = new Planner(Providers.of(List.of(
          new HcloudProvider(Optional.of(new OkHttpHcloudApi(HcloudHttp.sharedClient(), settings))),
          new FakeProvider("bootstrap"), new FakeProvider("nix"))));
      Desired desired = desired(servers);
      Plan adopting = plan(planner, desired, State.empty());
      if (adopting.adopted().size() != servers) {
        throw new IllegalStateException("adopted " + adopting.adopted().size() + " of " + servers + " servers");
      }
      cloud.resetCounts();
      long start = System.nanoTime();
      plan(planner, desired, adopting.prior());
      long millis = (System.nanoTime() - start) / 1_000_000;
      long list = cloud.countExact("GET", "/servers");
      return new RefreshMeasurement(servers, list, cloud.count("*", "/") - list, millis);
    }
  }

  private static Plan plan(Planner planner, Desired desired, State prior) {
    PlanOutcome out = planner.plan(desired, prior, PlanOptions.defaults(),
        new OperationContext(Address.parse("hcloud_ssh_key." + STACK), (a, line) -> { }, () -> false));
    return out.plan().orElseThrow(() -> new IllegalStateException(out.diagnostics().toString()));
  }

  private static Desired desired(int servers) {
    StringBuilder yaml = new StringBuilder("stack: " + STACK + "\nhetzner: { location: fsn1 }\nbuilders:\n");
    for (int i = 1; i <= servers; i++) {
      yaml.append("  b").append(i).append(":\n    hetzner: { server_type: cax21 }\n")
          .append("    bootstrap: nixos-infect\n    systems: [aarch64-linux]\n");
    }
    return Expander.expand(ConfigLoader.parse(yaml.toString(), "bench.yaml", Map.of()).config().orElseThrow());
  }
}
