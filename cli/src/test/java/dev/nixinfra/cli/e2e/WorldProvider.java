package dev.nixinfra.cli.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.Provider;
import dev.nixinfra.core.provider.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A stand-in for a real provider in end-to-end tests of the packaged jar: the "real world" is one JSON file per
 * object in the folder {@code NIXINFRA_TEST_WORLD} names, so it outlives the process and tests can inspect it,
 * edit it (drift) or delete it. {@code NIXINFRA_TEST_WORLD_LATENCY_MS} slows every apply and delete;
 * {@code NIXINFRA_TEST_WORLD_FAIL} names an address whose apply fails. Found through {@link java.util.ServiceLoader}
 * only because the tests put the test classes on the class path.
 */
public abstract class WorldProvider implements Provider {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String name;

  WorldProvider(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  private static Path folder() throws ProviderException {
    String dir = System.getenv("NIXINFRA_TEST_WORLD");
    if (dir == null) {
      throw new ProviderException("NIXINFRA_TEST_WORLD is not set; the test world provider has nowhere to live");
    }
    return Path.of(dir);
  }

  private static Path file(Address a) throws ProviderException {
    return folder().resolve(a + ".json");
  }

  private static void pause() {
    String ms = System.getenv("NIXINFRA_TEST_WORLD_LATENCY_MS");
    if (ms != null) {
      try {
        Thread.sleep(Long.parseLong(ms));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public Optional<ResourceState> read(ResourceState prior, OperationContext context) throws ProviderException {
    Path f = file(prior.address());
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      Map<String, Object> stored = JSON.readValue(f.toFile(), new TypeReference<Map<String, Object>>() {});
      @SuppressWarnings("unchecked")
      Map<String, Object> attributes = (Map<String, Object>) stored.get("attributes");
      return Optional.of(new ResourceState(prior.address(), (String) stored.get("id"), Attributes.of(attributes),
          prior.tainted(), prior.dependencies()));
    } catch (IOException e) {
      throw new ProviderException("cannot read " + f + ": " + e.getMessage());
    }
  }

  @Override
  public ResourceState apply(ApplyRequest request, OperationContext context) throws ProviderException {
    context.say("applying in the test world");
    pause();
    if (request.address().toString().equals(System.getenv("NIXINFRA_TEST_WORLD_FAIL"))) {
      throw new ProviderException("the test world refuses " + request.address());
    }
    String id = request.prior().map(ResourceState::id).orElse(UUID.randomUUID().toString());
    Map<String, Object> values = new TreeMap<>(request.planned().values());
    values.replaceAll((k, v) -> v == Unknown.VALUE ? k + "-of-" + request.address() : v);
    ResourceState made = new ResourceState(request.address(), id, new Attributes(values), false, Set.of());
    Path f = file(request.address());
    try {
      Files.createDirectories(f.getParent());
      Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), Map.of("id", id, "attributes", made.attributes().values()));
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new ProviderException("cannot write " + f + ": " + e.getMessage());
    }
    return made;
  }

  @Override
  public void delete(ResourceState prior, OperationContext context) throws ProviderException {
    pause();
    try {
      Files.deleteIfExists(file(prior.address()));
    } catch (IOException e) {
      throw new ProviderException("cannot delete " + prior.address() + ": " + e.getMessage());
    }
  }

  /** Stands in for the Hetzner Cloud provider. */
  public static final class Hcloud extends WorldProvider {
    public Hcloud() {
      super("hcloud");
    }
  }

  /** Stands in for the SSH/Nix provider. */
  public static final class Nix extends WorldProvider {
    public Nix() {
      super("nix");
    }
  }

  /** Stands in for the nixos-infect bootstrap provider. */
  public static final class Bootstrap extends WorldProvider {
    public Bootstrap() {
      super("bootstrap");
    }
  }
}
