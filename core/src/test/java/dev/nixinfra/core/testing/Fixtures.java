package dev.nixinfra.core.testing;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.provider.OperationContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Short ways to build model values in tests. */
public final class Fixtures {
  private Fixtures() {}

  public static Address addr(String text) {
    return Address.parse(text);
  }

  /** Attributes from alternating names and values: {@code attrs("host", "a", "port", 22)}. */
  public static Attributes attrs(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return Attributes.of(m);
  }

  public static ResourceConfig desired(String address, Attributes attributes, String... dependsOn) {
    return new ResourceConfig(addr(address), attributes,
        Set.copyOf(Arrays.stream(dependsOn).map(Address::parse).toList()), Optional.empty());
  }

  public static ResourceState stored(String address, Attributes attributes, String... dependsOn) {
    return new ResourceState(addr(address), "id-" + address, attributes, false,
        Set.copyOf(Arrays.stream(dependsOn).map(Address::parse).toList()));
  }

  public static State state(ResourceState... resources) {
    TreeMap<Address, ResourceState> m = new TreeMap<>();
    for (ResourceState r : resources) {
      m.put(r.address(), r);
    }
    return new State("00000000-0000-4000-8000-000000000001", 7, m);
  }

  /** A context that drops output and is never cancelled. */
  public static OperationContext quietContext() {
    return new OperationContext(addr("builder.any"), (a, l) -> { }, () -> false);
  }
}
