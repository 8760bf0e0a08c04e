package dev.nixinfra.providers.host;

import dev.nixinfra.core.check.CheckStep;
import dev.nixinfra.core.check.StepResult;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.nixos.ModuleMarker;
import dev.nixinfra.providers.ssh.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first step of a check: whether the NixOS or nix-darwin module nixinfra wrote for the client and for the
 * builder is the one their running systems were built from ({@link ModuleMarker}). A module that is written but
 * not active (a flake that does not import it, a switch that has not happened) makes every later step meaningless,
 * so it is reported first, with what to do. Hosts configured with plain files pass this step.
 */
final class ModuleActivity {
  /** Opens a connection to a host when the step needs one. */
  interface Opener {
    Connection open() throws ProviderException;
  }

  private ModuleActivity() {}

  static StepResult check(ResourceState client, Opener clientHost, ResourceState builder, Opener builderHost,
      Duration timeout) throws ProviderException {
    List<String> active = new ArrayList<>();
    for (Side side : List.of(new Side(builder, builderHost), new Side(client, clientHost))) {
      Optional<StepResult> problem = side.check(active, timeout);
      if (problem.isPresent()) {
        return problem.get();
      }
    }
    return new StepResult.Passed(CheckStep.MODULES, active.isEmpty()
        ? "no NixOS or nix-darwin module: nixinfra wrote the files the hosts read"
        : String.join("; ", active));
  }

  /** A builder, tenant or client, and how to reach its host. */
  private record Side(ResourceState state, Opener opener) {
    Optional<StepResult> check(List<String> active, Duration timeout) throws ProviderException {
      Map<String, Object> files = Values.files(state.attributes());
      Optional<String> path = files.keySet().stream()
          .filter(p -> ModuleMarker.roleOf(p).isPresent() && files.get(p) instanceof String).findFirst();
      if (path.isEmpty()) {
        return Optional.empty();
      }
      String role = ModuleMarker.roleOf(path.get()).orElseThrow();
      String host = Values.string(state.attributes().values(), "host", state.id());
      Optional<String> expected = ModuleMarker.expected((String) files.get(path.get()));
      if (expected.isEmpty()) {
        active.add(path.get() + " on " + host + " predates the activity marker; apply to add it");
        return Optional.empty();
      }
      Optional<String> found = opener.open().readFile(ModuleMarker.path(role), timeout).map(String::strip);
      if (found.equals(expected)) {
        active.add(path.get() + " is active on " + host);
        return Optional.empty();
      }
      ModuleSystem system = path.get().startsWith(ModuleSystem.DARWIN.directory()) ? ModuleSystem.DARWIN
          : ModuleSystem.NIXOS;
      boolean flake = files.containsKey(system.flakeNix());
      String fix = flake ? "your flake imports it: run " + system.flakeSwitchCommand() + " on " + host
          : "run nixinfra apply, which imports it and runs " + system.switchCommand() + " on " + host;
      if (found.isEmpty()) {
        return Optional.of(new StepResult.Failed(CheckStep.MODULES, state.address() + ": nixinfra's module "
            + path.get() + " is not part of the system running on " + host + " (it has no "
            + ModuleMarker.path(role) + ")", fix));
      }
      return Optional.of(new StepResult.Failed(CheckStep.MODULES, state.address() + ": an older version of "
          + path.get() + " is active on " + host + "; the system was not switched to the current one",
          flake ? fix : "run " + system.switchCommand() + " on " + host + ", or nixinfra apply"));
    }
  }
}
