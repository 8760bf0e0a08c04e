package dev.nixinfra.state.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One throwaway PostgreSQL cluster for the whole test JVM: {@code initdb} into a temporary folder with trust
 * authentication, {@code pg_ctl start} on a free loopback port with its own unix socket folder, stopped with
 * {@code pg_ctl stop} when the tests end. Never the machine's own cluster. As root, the server programs run as the
 * {@code postgres} user (they refuse root), and the folder is handed to that user.
 */
public final class PgCluster {
  /** Where Debian and Ubuntu install the server programs, one folder per major version. */
  static final Path INSTALL_ROOT = Path.of("/usr/lib/postgresql");

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;
  private int databases;

  private PgCluster(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** The {@code bin} folder of the newest installed server with {@code initdb}, if any. */
  static Optional<Path> findBinaries() {
    if (!Files.isDirectory(INSTALL_ROOT)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(INSTALL_ROOT)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> versionOf(b.getParent())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int versionOf(Path versionDir) {
    String name = versionDir.getFileName().toString();
    return name.matches("\\d+") ? Integer.parseInt(name) : 0;
  }

  /** Creates and starts a cluster with the programs in {@code bin}. */
  static PgCluster start(Path bin) throws IOException, InterruptedException {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("nixinfra-pg-");
    if (root) {
      run(List.of("chown", "postgres:postgres", dir.toString()), false, dir);
    }
    int port = freePort();
    PgCluster cluster = new PgCluster(bin, dir, port, root);
    cluster.pg(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
    cluster.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
        dir.resolve("log").toString(), "-w", "-t", "60", "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off", "start"));
    return cluster;
  }

  /** Stops the server and deletes its folder. */
  void stop() {
    try {
      pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
          "-m", "fast", "stop"));
      deleteTree(dir);
    } catch (IOException | InterruptedException e) {
      System.err.println("could not stop the test PostgreSQL cluster in " + dir + ": " + e.getMessage());
    }
  }

  public int port() {
    return port;
  }

  /** A new, empty database; its JDBC URL, user postgres, no password (trust authentication). */
  public synchronized String createDatabase(String hint) throws SQLException {
    String name = ("t" + (++databases) + "_" + hint.toLowerCase().replaceAll("[^a-z0-9]", "_"));
    name = name.substring(0, Math.min(name.length(), 60));
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return jdbcUrl(name);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  /** Runs a server program, as the postgres user when running as root; fails with its output. */
  private void pg(List<String> command) throws IOException, InterruptedException {
    run(command, asPostgresUser, dir);
  }

  private static void run(List<String> command, boolean asPostgres, Path dir)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Path out = Files.createTempFile("nixinfra-pg-cmd", ".log");
    try {
      Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", full) + " did not finish in 120 s");
      }
      if (p.exitValue() != 0) {
        throw new IOException(String.join(" ", full) + " failed (exit " + p.exitValue() + "): "
            + Files.readString(out, StandardCharsets.UTF_8) + logTail(dir));
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static String logTail(Path dir) {
    try {
      Path log = dir.resolve("log");
      return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
