package dev.nixinfra.providers.hcloud.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * One server's mutable state and its JSON in the post-2026-07-01 shape of server_get_no_datacenter.json (no
 * {@code datacenter}; {@code location}, {@code server_type} and {@code image} as full objects). Guarded by the
 * store's lock.
 */
final class FakeServer {
  final long id;
  final Instant created;
  final Catalogue.Loc location;
  final Catalogue.Img image;
  String name;
  String status;
  Catalogue.Type type;
  int primaryDiskSize;
  Map<String, String> labels;
  boolean deleteProtection;
  boolean rebuildProtection;
  /** The last action started on this server; while it runs, further actions are {@code locked}. */
  Action busy;
  private final Optional<String> fixedIpv4;

  FakeServer(long id, Instant created, String name, String status, Catalogue.Type type, Catalogue.Loc location,
      Catalogue.Img image, Map<String, String> labels, Optional<String> fixedIpv4) {
    this.id = id;
    this.fixedIpv4 = fixedIpv4;
    this.created = created;
    this.name = name;
    this.status = status;
    this.type = type;
    this.location = location;
    this.image = image;
    this.primaryDiskSize = type.disk();
    this.labels = new LinkedHashMap<>(labels);
  }

  String ipv4() {
    return fixedIpv4.orElseGet(() -> "100.64." + ((id >> 8) & 255) + "." + (id & 255));
  }

  String ipv6() {
    return "2001:db8:" + Long.toHexString(id & 0xffff) + "::/64";
  }

  ServerView view() {
    return new ServerView(id, name, status, type.name(), type.architecture(), location.name(), image.name(), labels,
        deleteProtection, rebuildProtection, ipv4(), ipv6());
  }

  ObjectNode json(Catalogue catalogue, BiPredicate<String, String> available) {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("name", name);
    o.put("status", status);
    o.put("created", Json.time(created));
    ObjectNode net = o.putObject("public_net");
    ObjectNode v4 = net.putObject("ipv4");
    v4.put("id", id + 1_000_000);
    v4.put("ip", ipv4());
    v4.put("blocked", false);
    v4.put("dns_ptr", "static." + ipv4() + ".clients.your-server.de");
    ObjectNode v6 = net.putObject("ipv6");
    v6.put("id", id + 2_000_000);
    v6.put("ip", ipv6());
    v6.put("blocked", false);
    v6.putArray("dns_ptr");
    net.putArray("floating_ips");
    net.putArray("firewalls");
    o.putArray("private_net");
    o.set("server_type", catalogue.json(type, available));
    o.set("location", Catalogue.json(location));
    o.set("image", Catalogue.json(image));
    o.putNull("iso");
    o.put("rescue_enabled", false);
    o.put("locked", busy != null && !busy.done());
    o.putNull("backup_window");
    o.put("outgoing_traffic", 0);
    o.put("ingoing_traffic", 0);
    o.put("included_traffic", 21990232555520L);
    ObjectNode p = o.putObject("protection");
    p.put("delete", deleteProtection);
    p.put("rebuild", rebuildProtection);
    o.set("labels", Json.labels(labels));
    o.putArray("volumes");
    o.putArray("load_balancers");
    o.put("primary_disk_size", primaryDiskSize);
    o.putNull("placement_group");
    return o;
  }
}
