package dev.nixinfra.providers.host;

import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.Unknown;
import dev.nixinfra.providers.nix.MachineEntry;
import dev.nixinfra.providers.nix.MachinesFile;
import dev.nixinfra.providers.nix.NixConfBlock;
import dev.nixinfra.providers.nix.NixVersion;
import dev.nixinfra.providers.nix.SshConfigAlias;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders the files of a client ({@code nix-linux}, {@code nix-macos}) from its planned values: the machines file
 * nixinfra owns, root's ssh_config aliases when a line needs one, and the nix.conf block naming the machines file.
 * Pure, like {@link BuilderFiles}.
 */
final class ClientFiles {
  /** Stands in for a builder address not known yet, only to decide which files exist; never written. */
  private static final String PENDING_HOST = "pending.invalid";
  private static final String PENDING_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKHC3cRUMlbti3ICDfswDDDAdEJ5zT/zSRR/ZbigN2Mr";
  /** Decides the file set when the client's Nix is not known yet; the contents are then unknown anyway. */
  private static final NixVersion PENDING_VERSION = NixVersion.of(2, 18, 0);

  private ClientFiles() {}

  /** Path to content; a content is {@link Unknown#VALUE} when one of its inputs is not known yet. */
  static Map<String, Object> render(Map<String, Object> planned, Optional<NixVersion> version,
      String nixConfTarget) {
    Machines machines = machines(planned);
    List<MachineEntry> entries = machines.entries();
    boolean pending = version.isEmpty() || machines.pending();
    MachinesFile.Rendered rendered = MachinesFile.render(entries, version.orElse(PENDING_VERSION));
    Map<String, Object> files = new TreeMap<>();
    files.put(NixConfBlock.NIXINFRA_MACHINES, pending ? Unknown.VALUE : rendered.text());
    if (!rendered.aliases().isEmpty()) {
      files.put(FileEdits.SSH_ALIASES, pending ? Unknown.VALUE : SshConfigAlias.renderAll(rendered.aliases()));
    }
    Optional<Long> maxJobs = Values.integer(planned, "max_jobs");
    files.put(nixConfTarget, FileEdits.block(NixConfBlock.forClient(NixConfBlock.NIXINFRA_MACHINES,
        Values.bool(planned, "builders_use_substitutes", true), maxJobs.map(Long::intValue))));
    return files;
  }

  /**
   * The client's machines entries, and whether any of their inputs is not known yet (the files rendered from them
   * are then planned as unknown).
   */
  record Machines(List<MachineEntry> entries, boolean pending) {}

  static Machines machines(Map<String, Object> planned) {
    boolean pending = false;
    List<MachineEntry> entries = new ArrayList<>();
    Object machines = planned.get("machines");
    if (machines instanceof List<?> list) {
      for (Object m : list) {
        if (!(m instanceof Map<?, ?> map)) {
          pending = true;
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) map;
        pending |= Attributes.isPending(e);
        entries.add(entry(e));
      }
    } else if (machines != null) {
      pending = true;
    }
    return new Machines(entries, pending);
  }

  /** One machines entry; values not known yet are replaced by stand-ins (the caller marks the file unknown). */
  static MachineEntry entry(Map<String, Object> e) {
    return new MachineEntry(
        Values.string(e, "builder", "builder"),
        BuilderFiles.protocol(e),
        Values.string(e, "user", BuilderFiles.DEFAULT_USER),
        Values.string(e, "host", PENDING_HOST),
        (int) Values.integer(e, "port", 22),
        Values.strings(e, "systems").orElse(List.of("x86_64-linux")),
        Values.string(e, "key_path", "/etc/nix/pending"),
        (int) Values.integer(e, "max_jobs", 1),
        Values.number(e, "speed_factor", 1),
        Values.strings(e, "supported_features").orElse(List.of()),
        Values.strings(e, "mandatory_features").orElse(List.of()),
        e.containsKey("host_key")
            ? Optional.of(Values.string(e, "host_key", PENDING_KEY)) : Optional.empty());
  }
}
