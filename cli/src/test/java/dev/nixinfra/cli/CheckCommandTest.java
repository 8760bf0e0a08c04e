package dev.nixinfra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nixinfra.core.check.CheckStep;
import dev.nixinfra.core.check.StepResult;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.FleetChecker;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.core.provider.Providers;
import dev.nixinfra.core.testing.FakeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nixinfra check}: the matrix, the diagnosis of each failure, JSON, and the exit status. */
class CheckCommandTest {
  private static final String CONFIG = """
      stack: acme
      builders:
        arm1: { host: arm1.acme.example, systems: [aarch64-linux] }
        office: { host: build.acme.example, systems: [x86_64-linux] }
      clients:
        ci: { kind: nix-linux, host: ci.acme.example, builders: all }
        laptop: { kind: nix-macos, host: local, builders: [office] }
      """;

  @TempDir Path dir;

  /** The test world's nix provider, able to check: office refuses ci's build user, as an untrusted one is. */
  static final class CheckingNix implements Provider, FleetChecker {
    final FakeProvider world = new FakeProvider("nix");

    @Override
    public String name() {
      return "nix";
    }

    @Override
    public Optional<ResourceState> read(ResourceState prior, OperationContext c) throws ProviderException {
      return world.read(prior, c);
    }

    @Override
    public ResourceState apply(ApplyRequest request, OperationContext c) throws ProviderException {
      return world.apply(request, c);
    }

    @Override
    public void delete(ResourceState prior, OperationContext c) throws ProviderException {
      world.delete(prior, c);
    }

    @Override
    public List<StepResult> check(ResourceState client, ResourceState key, ResourceState builder,
        OperationContext c) {
      if (client.address().name().equals("ci") && builder.address().name().equals("office")) {
        return List.of(new StepResult.Passed(CheckStep.MODULES, "no module"),
            new StepResult.Passed(CheckStep.SSH, "logged in as remotebuild"),
            new StepResult.Failed(CheckStep.STORE, "remotebuild is not a trusted user of the Nix daemon on office "
                + "(Nix said: you are not privileged to build input-addressed derivations)",
                "run nixinfra apply: it adds remotebuild to trusted-users on office"),
            new StepResult.NotRun(CheckStep.BUILD, "the store step failed"));
      }
      return List.of(new StepResult.Passed(CheckStep.MODULES, "no module"),
          new StepResult.Passed(CheckStep.SSH, "logged in"), new StepResult.Passed(CheckStep.STORE, "Nix 2.24.9, trusted"),
          new StepResult.Passed(CheckStep.BUILD, "built on " + builder.address().name()));
    }
  }

  @BeforeEach
  void writeConfig() throws Exception {
    Files.writeString(dir.resolve("nixinfra.yaml"), CONFIG);
  }

  @Test
  void showsTheMatrixAndEachProblemWithItsFix() {
    InProcess nixinfra = new InProcess(dir, Providers.of(List.of(new CheckingNix())), Map.of());
    assertEquals(0, nixinfra.run("apply", "--auto-approve"), nixinfra.err.toString());
    assertEquals(1, nixinfra.run("check"));
    assertEquals("""
        Checked every client against each of its builders: modules, ssh, store, build.

                  arm1  office
          ci      ✓     ✗ store
          laptop        ✓

        ✗ ci → office: store failed
          remotebuild is not a trusted user of the Nix daemon on office (Nix said: you are not privileged to build \
        input-addressed derivations)
          Fix: run nixinfra apply: it adds remotebuild to trusted-users on office

        2 of 3 checks passed.
        """, nixinfra.out.toString());
  }

  @Test
  void beforeApplyNothingIsCheckedAndNothingPasses() throws Exception {
    InProcess nixinfra = new InProcess(dir, Providers.of(List.of(new CheckingNix())), Map.of());
    assertEquals(1, nixinfra.run("check", "--json"));
    JsonNode json = new ObjectMapper().readTree(nixinfra.out.toString());
    assertEquals(false, json.get("passed").asBoolean());
    assertEquals(3, json.get("pairs").size());
    JsonNode step = json.get("pairs").get(0).get("steps").get(0);
    assertEquals("not_run", step.get("status").asText());
    assertTrue(step.get("reason").asText().endsWith("is not applied yet: run nixinfra apply first"),
        step.toString());
  }

  @Test
  void jsonCarriesEveryStep() throws Exception {
    InProcess nixinfra = new InProcess(dir, Providers.of(List.of(new CheckingNix())), Map.of());
    assertEquals(0, nixinfra.run("apply", "--auto-approve"), nixinfra.err.toString());
    assertEquals(1, nixinfra.run("check", "--json"));
    JsonNode pairs = new ObjectMapper().readTree(nixinfra.out.toString()).get("pairs");
    JsonNode office = pairs.get(1);
    assertEquals("client.ci", office.get("client").asText());
    assertEquals("builder.office", office.get("builder").asText());
    assertEquals("modules", office.get("steps").get(0).get("step").asText());
    assertEquals("failed", office.get("steps").get(2).get("status").asText());
    assertTrue(office.get("steps").get(2).get("fix").asText().startsWith("run nixinfra apply"));
    assertEquals("built on arm1", pairs.get(0).get("steps").get(3).get("detail").asText());
  }
}
