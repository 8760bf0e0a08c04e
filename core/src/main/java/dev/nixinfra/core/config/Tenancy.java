package dev.nixinfra.core.config;

import java.util.HashMap;
import java.util.Map;

/** Checks across builders that every tenant gets a resource name of its own. */
final class Tenancy {
  private Tenancy() {}

  /**
   * Reports two tenants whose resource names ({@code <builder>-<tenant>}) coincide, such as tenant {@code b-c} of
   * builder {@code a} and tenant {@code c} of builder {@code a-b}.
   */
  static void checkResourceNames(YamlContext ctx, YamlMap buildersMap, Map<String, BuilderConfig> builders) {
    Map<String, String> seen = new HashMap<>();
    for (BuilderConfig b : builders.values()) {
      for (TenantConfig t : b.tenants().values()) {
        String resource = TenantConfig.resourceName(b.name(), t.name());
        String previous = seen.putIfAbsent(resource, "tenant `" + t.name() + "` of builder `" + b.name() + "`");
        if (previous != null) {
          ctx.error(buildersMap.keyNode(b.name()), "tenant `" + t.name() + "` of builder `" + b.name() + "` and "
                  + previous + " would both be `tenant." + resource + "`",
              "rename one of the tenants or builders");
        }
      }
    }
  }
}
