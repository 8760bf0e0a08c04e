package dev.nixinfra.cli.render;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.diag.SourceLocation;
import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Ref;
import dev.nixinfra.core.model.State;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.core.plan.Change;
import dev.nixinfra.core.plan.DeleteReason;
import dev.nixinfra.core.plan.Drift;
import dev.nixinfra.core.plan.Plan;
import dev.nixinfra.core.plan.PlanMode;
import dev.nixinfra.core.plan.ReplaceReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Hand-built plans for renderer tests, one per situation the golden files cover. */
final class Plans {
  static final Address KEY = Address.parse("hcloud_ssh_key.admin");
  static final Address SERVER = Address.parse("hcloud_server.arm1");
  static final Address INFECT = Address.parse("nixos_infect.arm1");
  static final Address BUILDER = Address.parse("builder.arm1");
  static final Address CLIENT = Address.parse("client.laptop");

  private Plans() {}

  static Plan plan(PlanMode mode, List<Change> changes, List<Drift> drift, List<Diagnostic> diagnostics) {
    return new Plan("prod", mode, State.empty(), changes, drift, new TreeSet<>(), new TreeSet<>(), diagnostics);
  }

  static Plan plan(Change... changes) {
    return plan(PlanMode.NORMAL, List.of(changes), List.of(), List.of());
  }

  static TreeSet<Address> deps(Address... addresses) {
    return new TreeSet<>(List.of(addresses));
  }

  static Attributes attrs(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return Attributes.of(m);
  }

  static Attributes server(String id, String type, String image) {
    return attrs("id", id, "name", "prod-arm1", "server_type", type, "image", image, "location", "fsn1",
        "labels", Map.of("nixinfra/stack", "prod", "nixinfra/builder", "arm1"), "ssh_keys", List.of("101"),
        "ipv4", "10.77.250.7", "ipv6", "2001:db8::/64", "status", "running");
  }

  static Attributes builder(long maxJobs, List<String> systems) {
    return attrs("host", "10.77.250.7", "port", 22L, "os", "nixos", "user", "nixbld-remote", "protocol", "ssh-ng",
        "systems", systems, "max_jobs", maxJobs, "speed_factor", 2L, "supported_features",
        List.of("benchmark", "big-parallel", "kvm", "nixos-test"), "cores", 0L, "memory_max", "80%",
        "host_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleHostKey", "nix_version", "2.28.3");
  }

  /** A new fleet: a key, a server, its conversion, a builder and a client, later ones referring to earlier. */
  static Plan createFleet() {
    Change key = new Change.Create(KEY, attrs("name", "nixinfra-prod", "public_key_file", "~/.ssh/id_ed25519.pub",
        "labels", Map.of("nixinfra/stack", "prod"), "id", Unknown.VALUE, "fingerprint", Unknown.VALUE), deps());
    Change server = new Change.Create(SERVER, attrs("name", "prod-arm1", "server_type", "cax21",
        "image", "ubuntu-24.04", "location", "fsn1", "labels",
        Map.of("nixinfra/stack", "prod", "nixinfra/builder", "arm1"),
        "ssh_keys", List.of(new Ref(KEY, "id")), "id", Unknown.VALUE, "ipv4", Unknown.VALUE,
        "ipv6", Unknown.VALUE, "status", Unknown.VALUE), deps(KEY));
    Change infect = new Change.Create(INFECT, attrs("host", new Ref(SERVER, "ipv4"), "nixos_channel", "nixos-25.05",
        "infect_commit", "c7c4a5e0d6f2b0b3a1e0f7f8c9d0e1f2a3b4c5d6", "host_key", Unknown.VALUE,
        "os_release", Unknown.VALUE), deps(SERVER));
    Change builder = new Change.Create(BUILDER, attrs("host", new Ref(SERVER, "ipv4"), "port", 22L, "os", "nixos",
        "user", "nixbld-remote", "protocol", "ssh-ng", "systems", List.of("aarch64-linux"), "max_jobs", 4L,
        "speed_factor", 2L, "supported_features", List.of("benchmark", "big-parallel"), "authorized_keys",
        List.of(new Ref(Address.parse("client_key.laptop"), "public_key")), "host_key", Unknown.VALUE,
        "nix_version", Unknown.VALUE), deps(INFECT));
    Change client = new Change.Create(CLIENT, attrs("kind", "nix-darwin", "host", "local", "port", 22L,
        "machines", List.of(Map.of("host", new Ref(SERVER, "ipv4"), "systems", List.of("aarch64-linux"),
            "max_jobs", 4L, "speed_factor", 2L, "ssh_key", "/etc/nix/builder_ed25519")),
        "max_jobs", 0L, "builders_use_substitutes", true, "nix_version", Unknown.VALUE), deps(BUILDER));
    return plan(key, server, infect, builder, client);
  }

  /** The builder takes more jobs and a second system; nothing else changes. */
  static Plan updateHidden() {
    return plan(new Change.Update(BUILDER, builder(4, List.of("aarch64-linux")),
        builder(8, List.of("aarch64-linux", "x86_64-linux")), deps(), List.of()));
  }

  /**
   * The builder takes more jobs: its managed nix.conf block changes (shown as a unified diff), its new
   * authorized_keys file is shown whole, and a client's machines file waits for the builder's host key.
   */
  static Plan fileEdits() {
    String block = "# BEGIN nixinfra (managed; do not edit)\ntrusted-users = root nixbld-remote\nmax-jobs = %d\n"
        + "cores = 0\nsystem-features = benchmark big-parallel kvm nixos-test\n# END nixinfra\n";
    Attributes prior = builder(4, List.of("aarch64-linux"))
        .with("files", Map.of("/etc/nix/nix.conf", block.formatted(4)));
    Attributes planned = builder(8, List.of("aarch64-linux")).with("files", Map.of(
        "/etc/nix/nix.conf", block.formatted(8),
        "/var/lib/nixbld-remote/.ssh/authorized_keys",
        "restrict,command=\"/nix/var/nix/profiles/default/bin/nix-daemon --stdio\" ssh-ed25519 AAAAC3Nza laptop\n"));
    Change client = new Change.Create(CLIENT, attrs("kind", "nix-linux", "host", "ci.example", "files",
        Map.of("/etc/nix/nixinfra-machines", Unknown.VALUE)), deps(BUILDER));
    return plan(new Change.Update(BUILDER, prior, planned, deps(), List.of()), client);
  }

  /** A new image and location force a new server. */
  static Plan replaceForced() {
    Attributes prior = server("4711", "cax21", "ubuntu-22.04");
    Attributes planned = server("4711", "cax21", "ubuntu-24.04").with("location", "nbg1")
        .with("id", Unknown.VALUE).with("ipv4", Unknown.VALUE).with("ipv6", Unknown.VALUE)
        .with("status", Unknown.VALUE);
    return plan(new Change.Replace(SERVER, prior, planned, deps(), ReplaceReason.CANNOT_UPDATE,
        new TreeSet<>(Set.of("image", "location"))));
  }

  static Plan replaceTainted() {
    Attributes prior = attrs("host", "10.77.250.7", "nixos_channel", "nixos-25.05",
        "infect_commit", "c7c4a5e0d6f2b0b3a1e0f7f8c9d0e1f2a3b4c5d6", "host_key", "ssh-ed25519 AAAAold",
        "os_release", "nixos");
    Attributes planned = prior.with("host_key", Unknown.VALUE).with("os_release", Unknown.VALUE);
    return plan(new Change.Replace(INFECT, prior, planned, deps(SERVER), ReplaceReason.TAINTED, new TreeSet<>()));
  }

  static Plan replaceRequested() {
    Attributes prior = server("4711", "cax21", "ubuntu-24.04");
    Attributes planned = prior.with("id", Unknown.VALUE).with("ipv4", Unknown.VALUE).with("ipv6", Unknown.VALUE)
        .with("status", Unknown.VALUE);
    return plan(new Change.Replace(SERVER, prior, planned, deps(), ReplaceReason.REQUESTED, new TreeSet<>()));
  }

  static Plan deleteNotInConfig() {
    return plan(new Change.Delete(BUILDER, builder(4, List.of("aarch64-linux")), DeleteReason.NOT_IN_CONFIG),
        new Change.NoOp(CLIENT, attrs("kind", "nixos", "host", "local"), deps()));
  }

  static Plan destroy() {
    return plan(PlanMode.DESTROY, List.of(
        new Change.Delete(SERVER, server("4711", "cax21", "ubuntu-24.04"), DeleteReason.DESTROY),
        new Change.Delete(BUILDER, builder(4, List.of("aarch64-linux")), DeleteReason.DESTROY),
        new Change.Delete(KEY, attrs("name", "nixinfra-prod", "public_key_file", "~/.ssh/id_ed25519.pub",
            "labels", Map.of(), "id", "101", "fingerprint", "b7:2f:00:11"), DeleteReason.DESTROY)),
        List.of(), List.of());
  }

  static Plan destroyNothing() {
    return plan(PlanMode.DESTROY, List.of(), List.of(), List.of());
  }

  /** Someone resized the server in the console and deleted the conversion record's machine. */
  static Plan drift() {
    Attributes recorded = server("4711", "cax21", "ubuntu-24.04");
    Attributes now = recorded.with("server_type", "cax31")
        .with("labels", Map.of("nixinfra/stack", "prod", "nixinfra/builder", "arm1", "owner", "ops"));
    Attributes planned = now.with("server_type", "cax21");
    return plan(PlanMode.NORMAL,
        List.of(new Change.Update(SERVER, now, planned, deps(),
            List.of("server_type: the server powers off while its type changes"))),
        List.of(new Drift(SERVER, recorded, Optional.of(now)),
            new Drift(Address.parse("hcloud_server.x86"),
                server("4712", "cpx31", "ubuntu-24.04").with("name", "prod-x86"), Optional.empty())),
        List.of());
  }

  static Plan noChanges() {
    return plan(PlanMode.NORMAL, List.of(new Change.NoOp(BUILDER, builder(4, List.of("aarch64-linux")), deps()),
        new Change.NoOp(CLIENT, attrs("kind", "nixos", "host", "local"), deps())), List.of(), List.of());
  }

  /** Resizing a server in place powers it off; the plan also carries a warning. */
  static Plan disruptiveUpdate() {
    Attributes prior = server("4711", "cax21", "ubuntu-24.04");
    return plan(PlanMode.NORMAL,
        List.of(new Change.Update(SERVER, prior, prior.with("server_type", "cax31"), deps(),
            List.of("server_type: the server powers off while its type changes"))),
        List.of(),
        List.of(Diagnostic.warning(new SourceLocation("nixinfra.yaml", 14, 7), "Builder arm1 is resized in place",
            "The server powers off while its type changes; builds running on it fail.\n"
                + "Run the apply when no client is building.").about("hcloud_server.arm1")));
  }

  /** One of each action, for the colour golden file. */
  static Plan mixed() {
    Attributes prior = server("4711", "cax21", "ubuntu-22.04");
    return plan(
        new Change.Create(CLIENT, attrs("kind", "nixos", "host", "laptop.lan", "port", 22L), deps()),
        new Change.Update(BUILDER, builder(4, List.of("aarch64-linux")), builder(6, List.of("aarch64-linux")),
            deps(), List.of()),
        new Change.Replace(SERVER, prior, prior.with("image", "ubuntu-24.04").with("id", Unknown.VALUE),
            deps(), ReplaceReason.CANNOT_UPDATE, new TreeSet<>(Set.of("image"))),
        new Change.Delete(KEY, attrs("name", "old", "id", "100"), DeleteReason.NOT_IN_CONFIG));
  }
}
