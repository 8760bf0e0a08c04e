package dev.nixinfra.providers.hcloud;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.diag.Suggestions;
import dev.nixinfra.core.model.ResourceConfig;
import dev.nixinfra.providers.hcloud.api.HcloudApi;
import dev.nixinfra.providers.hcloud.api.HcloudException;
import dev.nixinfra.providers.hcloud.api.Image;
import dev.nixinfra.providers.hcloud.api.Location;
import dev.nixinfra.providers.hcloud.api.ServerType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks desired servers against the Hetzner catalogue before anything is created: the server type exists and can
 * be ordered in the location, its architecture is the one the builder's systems need, and the image exists for
 * that architecture. Errors point at the builder in the configuration.
 */
final class CatalogueCheck {
  private final HcloudApi api;
  private final Map<String, List<Image>> imagesByArchitecture = new HashMap<>();

  CatalogueCheck(HcloudApi api) {
    this.api = api;
  }

  List<Diagnostic> check(List<ResourceConfig> servers) throws HcloudException {
    if (servers.isEmpty()) {
      return List.of();
    }
    List<ServerType> types = api.serverTypes();
    List<String> locations = api.locations().stream().map(Location::name).toList();
    List<Diagnostic> out = new ArrayList<>();
    for (ResourceConfig rc : servers) {
      String builder = rc.address().name();
      String typeName = rc.attributes().string("server_type").orElse("");
      String location = rc.attributes().string("location").orElse("");
      String architecture = rc.attributes().string("architecture").orElse("");
      String image = rc.attributes().string("image").orElse("");
      if (!locations.contains(location)) {
        out.add(error(rc, "Hetzner has no location `" + location + "`" + Suggestions.didYouMean(location, locations),
            "Locations: " + String.join(", ", locations) + "."));
      }
      Optional<ServerType> type = types.stream().filter(t -> t.name().equals(typeName)).findFirst();
      if (type.isEmpty()) {
        List<String> names = types.stream().filter(t -> !t.deprecated()).map(ServerType::name).toList();
        out.add(error(rc, "Hetzner has no server type `" + typeName + "`" + Suggestions.didYouMean(typeName, names),
            "Server types for " + architecture + ": " + names(types, architecture) + "."));
        continue;
      }
      ServerType t = type.get();
      if (!t.architecture().equals(architecture)) {
        out.add(error(rc, "server type `" + typeName + "` is " + t.architecture() + ", but builder `" + builder
            + "` builds for " + architecture + " systems",
            "Choose an " + architecture + " type: " + names(types, architecture) + "."));
      }
      if (t.deprecated()) {
        out.add(Diagnostic.warning(rc.location().orElse(null), "server type `" + typeName + "` is deprecated",
            "Hetzner will stop selling it; choose a current type.").about(rc.address().toString()));
      }
      if (locations.contains(location)) {
        boolean available = t.locations().stream().anyMatch(l -> l.location().equals(location) && l.available());
        if (!available) {
          String where = t.locations().stream().filter(ServerType.Availability::available)
              .map(ServerType.Availability::location).collect(Collectors.joining(", "));
          out.add(error(rc, "server type `" + typeName + "` cannot be ordered in " + location + " now",
              where.isEmpty() ? "Choose another server type." : "It is available in: " + where + "."));
        }
      }
      List<Image> images = imagesByArchitecture.containsKey(architecture)
          ? imagesByArchitecture.get(architecture) : loadImages(architecture);
      if (images.stream().noneMatch(i -> i.name().equals(image))) {
        List<String> names = images.stream().filter(i -> !i.deprecated()).map(Image::name).toList();
        out.add(error(rc, "Hetzner has no " + architecture + " image `" + image + "`"
            + Suggestions.didYouMean(image, names), "Images for " + architecture + ": " + String.join(", ", names)
            + "."));
      }
    }
    return out;
  }

  private List<Image> loadImages(String architecture) throws HcloudException {
    List<Image> images = api.images(architecture);
    imagesByArchitecture.put(architecture, images);
    return images;
  }

  private static String names(List<ServerType> types, String architecture) {
    return types.stream().filter(t -> t.architecture().equals(architecture) && !t.deprecated())
        .map(ServerType::name).collect(Collectors.joining(", "));
  }

  private static Diagnostic error(ResourceConfig rc, String summary, String detail) {
    return Diagnostic.error(rc.location().orElse(null), summary, detail).about(rc.address().toString());
  }
}
