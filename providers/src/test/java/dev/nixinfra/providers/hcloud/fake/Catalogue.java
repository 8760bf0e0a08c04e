package dev.nixinfra.providers.hcloud.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The fixed catalogue the fake sells: locations, server types and system images, rendered in the shapes of
 * locations_list.json, server_types_list_x86_arm.json and images_list.json. It extends those fixtures (which hold
 * only fsn1/nbg1, cpx22/cax11 and one image) with the other locations, the x86 families cx/cpx/ccx, the arm family
 * cax (sold in fsn1, nbg1 and hel1 only, as at Hetzner), and ubuntu/debian system images for both architectures.
 * Specs follow Hetzner's published sizes; prices and ids are plausible placeholders. Immutable; which type is
 * available where at the moment is decided by the {@link Store}.
 */
final class Catalogue {
  record Loc(long id, String name, String description, String country, String city, double latitude,
      double longitude, String networkZone) {}

  record Type(long id, String name, String category, int cores, double memory, int disk, String cpuType,
      String architecture, List<String> locations, String hourlyNet) {}

  record Img(long id, String name, String description, String osFlavor, String osVersion, String architecture) {}

  private static final List<String> EU = List.of("fsn1", "nbg1", "hel1");
  private static final List<String> EU_US = List.of("fsn1", "nbg1", "hel1", "ash", "hil");
  private static final List<String> ALL = List.of("fsn1", "nbg1", "hel1", "ash", "hil", "sin");
  private static final String CREATED = "2024-04-25T00:00:00+00:00";

  final List<Loc> locations = List.of(
      new Loc(1, "fsn1", "Falkenstein DC Park 1", "DE", "Falkenstein", 50.47612, 12.370071, "eu-central"),
      new Loc(2, "nbg1", "Nuremberg DC Park 1", "DE", "Nuremberg", 49.452102, 11.076665, "eu-central"),
      new Loc(3, "hel1", "Helsinki DC Park 1", "FI", "Helsinki", 60.169855, 24.938379, "eu-central"),
      new Loc(4, "ash", "Ashburn, VA", "US", "Ashburn, VA", 39.045821, -77.487073, "us-east"),
      new Loc(5, "hil", "Hillsboro, OR", "US", "Hillsboro, OR", 45.54222, -122.95161, "us-west"),
      new Loc(6, "sin", "Singapore", "SG", "Singapore", 1.283333, 103.833333, "ap-southeast"));

  final List<Type> types = List.of(
      new Type(1, "cpx22", "Shared vCPU", 2, 4, 80, "shared", "x86", EU, "0.0128"),
      new Type(22, "cpx11", "Shared vCPU", 2, 2, 40, "shared", "x86", EU_US, "0.0076"),
      new Type(23, "cpx21", "Shared vCPU", 3, 4, 80, "shared", "x86", EU_US, "0.0136"),
      new Type(24, "cpx31", "Shared vCPU", 4, 8, 160, "shared", "x86", EU_US, "0.0250"),
      new Type(104, "cx22", "Shared vCPU", 2, 4, 40, "shared", "x86", EU, "0.0060"),
      new Type(105, "cx32", "Shared vCPU", 4, 8, 80, "shared", "x86", EU, "0.0110"),
      new Type(106, "cx42", "Shared vCPU", 8, 16, 160, "shared", "x86", EU, "0.0270"),
      new Type(96, "ccx13", "Dedicated vCPU", 2, 8, 80, "dedicated", "x86", ALL, "0.0240"),
      new Type(97, "ccx23", "Dedicated vCPU", 4, 16, 160, "dedicated", "x86", ALL, "0.0480"),
      new Type(98, "ccx33", "Dedicated vCPU", 8, 32, 240, "dedicated", "x86", ALL, "0.0960"),
      new Type(45, "cax11", "Shared vCPU", 2, 4, 40, "shared", "arm", EU, "0.0060"),
      new Type(93, "cax21", "Shared vCPU", 4, 8, 80, "shared", "arm", EU, "0.0108"),
      new Type(94, "cax31", "Shared vCPU", 8, 16, 160, "shared", "arm", EU, "0.0208"),
      new Type(95, "cax41", "Shared vCPU", 16, 32, 320, "shared", "arm", EU, "0.0400"));

  final List<Img> images = List.of(
      new Img(161547269, "ubuntu-24.04", "Ubuntu 24.04", "ubuntu", "24.04", "x86"),
      new Img(161547270, "ubuntu-24.04", "Ubuntu 24.04", "ubuntu", "24.04", "arm"),
      new Img(67794396, "ubuntu-22.04", "Ubuntu 22.04", "ubuntu", "22.04", "x86"),
      new Img(103907373, "ubuntu-22.04", "Ubuntu 22.04", "ubuntu", "22.04", "arm"),
      new Img(114690387, "debian-12", "Debian 12", "debian", "12", "x86"),
      new Img(114690389, "debian-12", "Debian 12", "debian", "12", "arm"));

  /** By name or numeric id. */
  Optional<Loc> location(String idOrName) {
    return locations.stream().filter(l -> matches(idOrName, l.id(), l.name())).findFirst();
  }

  Optional<Type> type(String idOrName) {
    return types.stream().filter(t -> matches(idOrName, t.id(), t.name())).findFirst();
  }

  /** By id, or by name for the given architecture (names are unique only per architecture). */
  Optional<Img> image(String idOrName, String architecture) {
    return images.stream().filter(i -> String.valueOf(i.id()).equals(idOrName)
        || (i.name().equals(idOrName) && i.architecture().equals(architecture))).findFirst();
  }

  private static boolean matches(String idOrName, long id, String name) {
    return name.equals(idOrName) || String.valueOf(id).equals(idOrName);
  }

  static ObjectNode json(Loc l) {
    ObjectNode o = Json.object();
    o.put("id", l.id());
    o.put("name", l.name());
    o.put("description", l.description());
    o.put("country", l.country());
    o.put("city", l.city());
    o.put("latitude", l.latitude());
    o.put("longitude", l.longitude());
    o.put("network_zone", l.networkZone());
    return o;
  }

  /** {@code available} answers whether the type can be ordered in a location right now. */
  ObjectNode json(Type t, BiPredicate<String, String> available) {
    ObjectNode o = Json.object();
    o.put("id", t.id());
    o.put("name", t.name());
    o.put("description", t.name().toUpperCase(Locale.ROOT));
    o.put("category", t.category());
    o.put("cores", t.cores());
    o.put("memory", t.memory());
    o.put("disk", t.disk());
    ArrayNode prices = o.putArray("prices");
    ArrayNode locs = Json.array();
    for (String name : t.locations()) {
      prices.add(price(name, t.hourlyNet()));
      ObjectNode l = locs.addObject();
      l.put("id", location(name).orElseThrow().id());
      l.put("name", name);
      l.putNull("deprecation");
      l.put("available", available.test(t.name(), name));
      l.put("recommended", name.equals(t.locations().get(0)));
    }
    o.put("storage_type", "local");
    o.put("cpu_type", t.cpuType());
    o.put("architecture", t.architecture());
    o.put("deprecated", false);
    o.putNull("deprecation");
    o.set("locations", locs);
    return o;
  }

  private static ObjectNode price(String location, String hourlyNet) {
    double net = Double.parseDouble(hourlyNet);
    ObjectNode p = Json.object();
    p.put("location", location);
    p.set("price_hourly", money(net));
    p.set("price_monthly", money(net * 672));
    p.put("included_traffic", 21990232555520L);
    p.set("price_per_tb_traffic", money(1));
    return p;
  }

  private static ObjectNode money(double net) {
    ObjectNode m = Json.object();
    m.put("net", String.format(Locale.ROOT, "%.10f", net));
    m.put("gross", String.format(Locale.ROOT, "%.16f", net * 1.19));
    return m;
  }

  static ObjectNode json(Img i) {
    ObjectNode o = Json.object();
    o.put("id", i.id());
    o.put("type", "system");
    o.put("status", "available");
    o.put("name", i.name());
    o.put("description", i.description());
    o.putNull("image_size");
    o.put("disk_size", 5);
    o.put("created", CREATED);
    o.putNull("created_from");
    o.putNull("bound_to");
    o.put("os_flavor", i.osFlavor());
    o.put("os_version", i.osVersion());
    o.put("rapid_deploy", true);
    o.putObject("protection").put("delete", false);
    o.putNull("deprecated");
    o.putNull("deleted");
    o.putObject("labels");
    o.put("architecture", i.architecture());
    return o;
  }
}
