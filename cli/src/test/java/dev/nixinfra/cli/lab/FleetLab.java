package dev.nixinfra.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fleet lab for tests: N fake hosts made by {@code lab/fleet-lab} (see {@code lab/README.md}), each with its own
 * address on port 22, a real OpenSSH sshd, and a real nix-daemon with its own store and {@code /etc/nix/nix.conf}.
 *
 * <p>{@link #start} runs {@code lab/fleet-lab up}; {@link #close} runs {@code lab/fleet-lab down}, which stops every
 * process of the lab by PID and removes its namespaces, links and files (logs stay in {@code dir/logs}).
 *
 * <p>Missing prerequisites (root, nix-bin, nix-setup-systemd, openssh-server, …): with {@code CI=true} the test fails,
 * naming what is missing; otherwise it is skipped with a message saying to run {@code lab/install-prerequisites}.
 */
public final class FleetLab implements AutoCloseable {
  /** Restarts a lab host's nix-daemon (path inside the host): nixinfra's {@code restart_command:} for lab hosts. */
  public static final String RESTART_COMMAND = "/etc/fleet-lab/nix-daemon-restart";
  /** Each lab host's own nix.conf (path inside the host). */
  public static final String NIX_CONF = "/etc/nix/nix.conf";
  /** Time limit of {@link #exec(String, String...)}. */
  public static final Duration EXEC_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration UP_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration DOWN_TIMEOUT = Duration.ofSeconds(60);
  /** Reads the output of commands: one thread per stream, so a full stderr pipe never blocks the stdout reader. */
  private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fleet-lab-output");
    t.setDaemon(true);
    return t;
  });

  private final Path dir;
  private final List<LabHost> hosts;
  private final List<String> namespaces;
  private final List<Path> daemonPidFiles;
  private final Set<Long> sshdPids;
  private final Path adminKey;
  private final Path knownHosts;
  private final String network;
  private boolean closed;

  private FleetLab(Path dir, JsonNode lab) {
    this.dir = dir;
    this.adminKey = Path.of(lab.path("admin_key").asText());
    this.knownHosts = Path.of(lab.path("known_hosts").asText());
    this.network = lab.path("network").asText();
    List<LabHost> hs = new ArrayList<>();
    List<String> ns = new ArrayList<>();
    List<Path> pidFiles = new ArrayList<>();
    Set<Long> sshd = new LinkedHashSet<>();
    for (JsonNode h : lab.path("hosts")) {
      hs.add(new LabHost(h.path("name").asText(), h.path("address").asText(), h.path("port").asInt(),
          h.path("host_key").asText()));
      ns.add(h.path("netns").asText());
      pidFiles.add(Path.of(h.path("nix_daemon_pid_file").asText()));
      sshd.add(h.path("sshd_pid").asLong());
    }
    this.hosts = List.copyOf(hs);
    this.namespaces = List.copyOf(ns);
    this.daemonPidFiles = List.copyOf(pidFiles);
    this.sshdPids = Set.copyOf(sshd);
  }

  /**
   * Starts {@code hosts} fake hosts ({@code host1..hostN}) described in {@code dir/lab.json}; {@code dir} must not
   * hold a lab already. Fails (under {@code CI=true}) or skips the test when the prerequisites are missing.
   */
  public static FleetLab start(int hosts, Path dir) {
    requirePrerequisites();
    Path abs = dir.toAbsolutePath();
    ExecResult up = run(UP_TIMEOUT, script().toString(), "up", Integer.toString(hosts), "--dir", abs.toString());
    if (!up.ok()) {
      throw new IllegalStateException("lab/fleet-lab up " + hosts + " --dir " + abs + " failed:\n" + up);
    }
    try {
      FleetLab lab = new FleetLab(abs, new ObjectMapper().readTree(abs.resolve("lab.json").toFile()));
      // A test JVM that is stopped (failsafe timeout, Ctrl-C) without reaching close() still takes its lab down.
      Runtime.getRuntime().addShutdownHook(new Thread(lab::closeQuietly, "fleet-lab-down"));
      return lab;
    } catch (IOException e) {
      run(DOWN_TIMEOUT, script().toString(), "down", "--dir", abs.toString());
      throw new UncheckedIOException("cannot read " + abs.resolve("lab.json"), e);
    }
  }

  /** The hosts, in order host1..hostN. */
  public List<LabHost> hosts() {
    return hosts;
  }

  /** The host called {@code name}. */
  public LabHost host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no host " + name + " in the lab (" + hosts + ")"));
  }

  /** Private key (ed25519, no passphrase) that logs in as root on every host. */
  public Path adminKey() {
    return adminKey;
  }

  /** known_hosts file with every host's key under its address. */
  public Path knownHosts() {
    return knownHosts;
  }

  /** The lab's directory. */
  public Path dir() {
    return dir;
  }

  /** The lab's network, e.g. {@code 10.77.101.0/24} (this machine is {@code .254} on it). */
  public String network() {
    return network;
  }

  /** The hosts' network namespaces ({@code ip netns} names), in host order. */
  public List<String> namespaces() {
    return namespaces;
  }

  /** PIDs of the processes {@code up} started and that now run the hosts: each host's sshd and nix-daemon. */
  public Set<Long> processIds() {
    Set<Long> pids = new LinkedHashSet<>(sshdPids);
    for (Path f : daemonPidFiles) {
      try {
        pids.add(Long.parseLong(Files.readString(f).trim()));
      } catch (IOException | NumberFormatException e) {
        throw new IllegalStateException("cannot read the nix-daemon PID from " + f, e);
      }
    }
    return pids;
  }

  /** Runs {@code command} as root inside {@code host} (its network, mount and UTS namespaces), at most 60 s. */
  public ExecResult exec(String host, String... command) {
    return exec(EXEC_TIMEOUT, host, command);
  }

  /** Runs {@code command} as root inside {@code host}; a command still running after {@code timeout} is killed. */
  public ExecResult exec(Duration timeout, String host, String... command) {
    host(host);
    List<String> cmd = new ArrayList<>(List.of(script().toString(), "exec", dir.toString(), host, "--"));
    cmd.addAll(List.of(command));
    return run(timeout, null, cmd);
  }

  /** Runs {@code lab/fleet-lab down}; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ExecResult down = run(DOWN_TIMEOUT, script().toString(), "down", "--dir", dir.toString());
    if (!down.ok()) {
      throw new IllegalStateException("lab/fleet-lab down --dir " + dir + " failed:\n" + down);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      System.err.println("fleet-lab: " + e.getMessage());
    }
  }

  /** {@code lab/fleet-lab} of this checkout (found by walking up from the working directory). */
  public static Path script() {
    return repoRoot().resolve("lab").resolve("fleet-lab");
  }

  /** The checkout's root: the nearest directory, from the working directory up, that contains lab/fleet-lab. */
  public static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("lab").resolve("fleet-lab"))) {
        return p;
      }
    }
    throw new IllegalStateException("no lab/fleet-lab in " + Path.of("").toAbsolutePath() + " or any parent");
  }

  /** Fails (CI=true) or skips the calling test unless {@code lab/fleet-lab check} finds everything it needs. */
  static void requirePrerequisites() {
    ExecResult check = run(Duration.ofSeconds(30), script().toString(), "check");
    if (check.ok()) {
      return;
    }
    String missing = check.exitCode() == 3 ? check.stdout().strip().replace("\n", ", ") : check.toString();
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail("the fleet lab cannot run, missing prerequisites (CI=true, so this is a failure): " + missing
          + ". CI must run lab/install-prerequisites as root first (.ci/run does).");
    }
    String skipped = "fleet lab tests skipped, missing prerequisites: " + missing
        + ". Install them with: sudo lab/install-prerequisites (Debian), then run the tests as root.";
    System.err.println("WARNING: " + skipped);   // surefire does not show why a whole class was skipped
    Assumptions.abort(skipped);
  }

  static ExecResult run(Duration timeout, String... command) {
    return run(timeout, null, List.of(command));
  }

  /**
   * Runs {@code command} with {@code stdin} (none if null) and a PATH that has the sbin directories; kills it and
   * its descendants, by handle, if it runs longer than {@code timeout}.
   */
  static ExecResult run(Duration timeout, String stdin, List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    String path = pb.environment().getOrDefault("PATH", "");
    pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin" + (path.isEmpty() ? "" : ":" + path));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the command did not read its input: its exit code and output tell why
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s: " + command
            + "\n--- stdout\n" + partial(out) + "--- stderr\n" + partial(err));
      }
      return new ExecResult(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }

  private static CompletableFuture<String> drain(InputStream s) {
    return CompletableFuture.supplyAsync(() -> {
      try (s) {
        return new String(s.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }, READERS);
  }

  private static String partial(CompletableFuture<String> output) {
    try {
      return output.get(2, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return "(output unavailable: a process still holds the pipe)\n";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
