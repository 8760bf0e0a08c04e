package dev.nixinfra.cli.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One broken input of the corpus under {@code src/test/resources/reliability/bad-input/<kind>/}: a configuration,
 * a state file or a saved plan, set into a working folder whose other files are the valid ones of
 * {@code reliability/base/} (a configuration, a state it fits and a plan saved from both).
 */
record BadInput(String kind, Path file) {
  static final Path RESOURCES = resources();

  static List<BadInput> all() {
    try (Stream<Path> kinds = Files.list(RESOURCES.resolve("bad-input"))) {
      return kinds.sorted().flatMap(k -> {
        try (Stream<Path> files = Files.list(k)) {
          return files.sorted().map(f -> new BadInput(k.getFileName().toString(), f)).toList().stream();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return kind + "/" + file.getFileName();
  }

  /** Fills {@code dir}: the base files, with this input in its place; the state folder as a run leaves it. */
  void setUp(Path dir, Path publicKey) throws IOException {
    Path base = RESOURCES.resolve("base");
    Files.createDirectories(dir.resolve(".nixinfra/history"));
    Files.createFile(dir.resolve(".nixinfra/state.json.lock"));
    Files.copy(publicKey, dir.resolve("id_ed25519.pub"));
    Files.copy(kind.equals("config") ? file : base.resolve("nixinfra.yaml"), dir.resolve("nixinfra.yaml"));
    Files.copy(kind.equals("state") ? file : base.resolve("state.json"), dir.resolve(".nixinfra/state.json"));
    if (kind.equals("plan")) {
      Files.copy(file, dir.resolve(file.getFileName()));
    }
  }

  /**
   * The commands this input is given to: plan for configurations and states; apply and show for saved plans,
   * except those named {@code mismatch-*}: well-formed plans that do not fit the state or configuration (another
   * stack or lineage, a stale serial), which {@code show} rightly displays and only {@code apply} must refuse.
   */
  List<List<String>> commands() {
    String plan = file.getFileName().toString();
    if (!kind.equals("plan")) {
      return List.of(List.of("plan"));
    }
    return mismatch() ? List.of(List.of("apply", plan)) : List.of(List.of("apply", plan), List.of("show", plan));
  }

  boolean mismatch() {
    return file.getFileName().toString().startsWith("mismatch-");
  }

  /** Binary files are not text: there is no line to point at, only the file. */
  boolean binary() {
    return file.getFileName().toString().startsWith("binary");
  }

  /** Every file under {@code dir} with its bytes, by relative path. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        String bytes = Files.isRegularFile(p) ? java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))) : "dir";
        files.put(dir.relativize(p).toString(), bytes);
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  private static Path resources() {
    try {
      return Path.of(BadInput.class.getResource("/reliability").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
