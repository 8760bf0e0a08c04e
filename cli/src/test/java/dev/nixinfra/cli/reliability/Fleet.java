package dev.nixinfra.cli.reliability;

import dev.nixinfra.providers.ssh.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * A stack of {@code size} Hetzner builders {@code b1..bN} written to a working folder, with its own fresh SSH key
 * pair (the fake, like Hetzner, refuses a second key with the same fingerprint, and every stack uploads one).
 * Commands target the servers (and through them the stack's key): the builders' hosts cannot be reached.
 */
record Fleet(Path dir, String stack, int size) {
  static Fleet write(Path dir, String stack, int size) throws Exception {
    Files.createDirectories(dir);
    KeyPair pair = TestKeys.ed25519();
    TestKeys.write(pair, dir.resolve("id_ed25519"), null);
    Files.writeString(dir.resolve("id_ed25519.pub"), PublicKeyEntry.toString(pair.getPublic()) + " test\n");
    StringBuilder yaml = new StringBuilder("stack: " + stack + "\nssh:\n  identity: ./id_ed25519\n"
        + "hetzner:\n  token: ${env:HCLOUD_TOKEN}\n  location: fsn1\nbuilders:\n");
    for (String b : builders(size)) {
      yaml.append("  ").append(b).append(":\n    hetzner: { server_type: cax11 }\n    bootstrap: nixos-infect\n"
          + "    systems: [aarch64-linux]\n");
    }
    Files.writeString(dir.resolve("nixinfra.yaml"), yaml.toString());
    return new Fleet(dir, stack, size);
  }

  static List<String> builders(int size) {
    return IntStream.rangeClosed(1, size).mapToObj(i -> "b" + i).toList();
  }

  /** The servers' names at Hetzner, {@code <stack>-b<i>}. */
  List<String> serverNames() {
    return builders(size).stream().map(b -> stack + "-" + b).toList();
  }

  /** {@code args} followed by {@code --target hcloud_server.b<i>} for every builder. */
  String[] targeted(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (String b : builders(size)) {
      all.add("--target");
      all.add("hcloud_server." + b);
    }
    return all.toArray(String[]::new);
  }

  Path stateFile() {
    return dir.resolve(".nixinfra/state.json");
  }
}
