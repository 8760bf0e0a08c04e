package dev.nixinfra.providers.hcloud.fake;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stateful fake of the Hetzner Cloud API on a loopback port, for tests. Clients talk to {@link #endpoint()}
 * with {@code Authorization: Bearer }{@link #token()}; tests arrange state, inject faults and count requests through
 * the methods below. All methods are thread-safe. Run {@link #main(String[])} to use it from another process.
 */
public final class FakeHcloud implements AutoCloseable {
  static {
    // The JDK server flushes headers and body separately; without TCP_NODELAY, Nagle's algorithm and the client's
    // delayed ACK add about 40 ms to every small answer. Read once per JVM, when the first HttpServer starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Options options;
  private final Store store;
  private final RateBudget budget;
  private final Faults faults = new Faults();
  private final List<RecordedRequest> log = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService executor;

  private FakeHcloud(Options options) throws IOException {
    this.options = options;
    this.store = new Store(options);
    this.budget = new RateBudget(options.rateLimit());
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 64);
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-hcloud");
      t.setDaemon(true);
      return t;
    });
    server.createContext("/", new Front(options, store, budget, faults, log));
    server.setExecutor(executor);
    server.start();
  }

  /** Starts a fake with {@link Options#defaults()}. */
  public static FakeHcloud start() {
    return start(Options.defaults());
  }

  /** Starts a fake on 127.0.0.1 at {@code options.port()} (0: a free port). */
  public static FakeHcloud start(Options options) {
    try {
      return new FakeHcloud(options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake Hetzner API", e);
    }
  }

  /** Runs the fake as a process; see {@link ProcessMode} for the arguments and the stdout protocol. */
  public static void main(String[] args) throws IOException {
    System.exit(ProcessMode.run(args, System.in, System.out));
  }

  /** Stops listening at once; requests in flight are cut off. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** The API base, such as {@code http://127.0.0.1:41234/v1}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port() + "/v1");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String token() {
    return options.token();
  }

  public Options options() {
    return options;
  }

  // ---- state

  /** Every server, by id. */
  public List<ServerView> servers() {
    synchronized (store) {
      return store.all().stream().map(FakeServer::view).toList();
    }
  }

  public Optional<ServerView> server(long id) {
    synchronized (store) {
      return servers().stream().filter(s -> s.id() == id).findFirst();
    }
  }

  /**
   * Creates a running server as if made outside nixinfra (no action, nothing counted). The image is a name resolved
   * for the type's architecture.
   *
   * @throws IllegalArgumentException for an unknown type, location or image, a taken name, or a type not sold there
   */
  public ServerView putServer(String name, String serverType, String location, String image,
      Map<String, String> labels, boolean deleteProtection, boolean rebuildProtection) {
    synchronized (store) {
      try {
        FakeServer s = store.put(name, serverType, location, image, labels, "running");
        s.deleteProtection = deleteProtection;
        s.rebuildProtection = rebuildProtection;
        return s.view();
      } catch (ApiError e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }

  /** {@link #putServer(String, String, String, String, Map, boolean, boolean)} without protection. */
  public ServerView putServer(String name, String serverType, String location, String image,
      Map<String, String> labels) {
    return putServer(name, serverType, location, image, labels, false, false);
  }

  /**
   * Pre-creates {@code count} running servers of one stack, named {@code <stack>-b<i>} (i from 1) and labelled
   * {@code nixinfra/stack=<stack>}, {@code nixinfra/builder=b<i>}.
   */
  public List<ServerView> seedServers(String stack, int count, String serverType, String location, String image) {
    List<ServerView> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(putServer(stack + "-b" + i, serverType, location, image,
          Map.of("nixinfra/stack", stack, "nixinfra/builder", "b" + i)));
    }
    return out;
  }

  /** Deletes a server as if in the console, ignoring protection; false when there was none. */
  public boolean deleteServerOutside(long id) {
    return store.deleteOutside(id);
  }

  /** @throws IllegalArgumentException when there is no such server */
  public void setProtection(long id, boolean delete, boolean rebuild) {
    try {
      store.setProtection(id, delete, rebuild);
    } catch (ApiError e) {
      throw new IllegalArgumentException("no server " + id, e);
    }
  }

  /** Replaces a server's labels as if in the console. @throws IllegalArgumentException when there is none */
  public void updateLabelsOutside(long id, Map<String, String> labels) {
    try {
      store.setLabels(id, labels);
    } catch (ApiError e) {
      throw new IllegalArgumentException("no server " + id, e);
    }
  }

  /** Forces a server's status, such as {@code off}. @throws IllegalArgumentException when there is none */
  public void setStatus(long id, String status) {
    try {
      store.setStatus(id, status);
    } catch (ApiError e) {
      throw new IllegalArgumentException("no server " + id, e);
    }
  }

  /**
   * How many {@code POST /servers} reached the project for each name (requests refused by an injected fault before
   * that are not counted), and how many of them created a server: a name created twice would be a duplicate, had
   * the first server not been deleted in between.
   */
  public Map<String, Long> createRequestsByName() {
    return store.createRequests();
  }

  /** The names of the servers {@code POST /servers} created, in order; a name twice means created twice. */
  public List<String> createdServerNames() {
    return store.createdNames();
  }

  public List<SshKeyView> sshKeys() {
    synchronized (store) {
      return store.keys.all().stream().map(KeyStore.Key::view).toList();
    }
  }

  /** Uploads a key as if outside nixinfra. @throws IllegalArgumentException for a bad or duplicate key */
  public SshKeyView putSshKey(String name, String publicKey, Map<String, String> labels) {
    synchronized (store) {
      try {
        return store.keys.create(name, publicKey, labels).view();
      } catch (ApiError e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }

  /** Makes a server type orderable or sold out (412 {@code resource_unavailable}) in one location. */
  public void setAvailability(String serverType, String location, boolean available) {
    store.setAvailability(serverType, location, available);
  }

  /** Sets what is left of the hourly request budget, e.g. 0 to provoke 429 on the next request. */
  public void setRateLimitRemaining(int remaining) {
    budget.set(remaining);
  }

  // ---- faults: method is GET, POST, ... or *; pathPrefix is relative to /v1 (a leading /v1 is ignored)

  /** The next {@code times} matching requests are answered {@code status} with error {@code code}, no effect. */
  public void failNext(String method, String pathPrefix, int times, int status, String code) {
    faults.add(new Faults.Rule(method, pathPrefix, Faults.Kind.FAIL, status, code, null, false), times);
  }

  /** The next matching request takes effect, then its answer waits {@code delay} (to outlast a client timeout). */
  public void delayNext(String method, String pathPrefix, Duration delay) {
    faults.add(new Faults.Rule(method, pathPrefix, Faults.Kind.DELAY, 0, null, delay, false), 1);
  }

  /** The next matching request gets its connection closed without an answer, after taking effect if asked. */
  public void dropNext(String method, String pathPrefix, boolean applyFirst) {
    faults.add(new Faults.Rule(method, pathPrefix, Faults.Kind.DROP, 0, null, null, applyFirst), 1);
  }

  /**
   * From now on each request that no other fault takes (and that passed authentication and the rate budget) fails
   * with probability {@code rate}, with a kind drawn evenly from {@code kinds}, from a generator seeded with
   * {@code seed}. {@link #clearFaults()} stops it.
   */
  public void injectRandomly(double rate, long seed, List<RandomFault> kinds) {
    faults.randomly(rate, seed, kinds);
  }

  /** How many random faults of each kind were injected so far; kinds never drawn are absent. */
  public Map<RandomFault, Long> injectedFaults() {
    return faults.injected();
  }

  /** Removes the waiting faults and stops random ones. */
  public void clearFaults() {
    faults.clear();
  }

  // ---- requests

  /** Every request received so far, in arrival order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(log);
  }

  /** Requests with this method ({@code *}: any) whose path starts with {@code pathPrefix} (relative to /v1). */
  public long count(String method, String pathPrefix) {
    String prefix = relative(pathPrefix);
    return log.stream().filter(r -> method.equals("*") || r.method().equalsIgnoreCase(method))
        .filter(r -> r.path().startsWith(prefix)).count();
  }

  /** Requests with this method and exactly this path, e.g. {@code countExact("POST", "/servers")}. */
  public long countExact(String method, String path) {
    String p = relative(path);
    return log.stream().filter(r -> r.method().equalsIgnoreCase(method) && r.path().equals(p)).count();
  }

  public void resetCounts() {
    log.clear();
  }

  /** A path without the {@code /v1} base: {@code /v1/servers} and {@code /servers} both give {@code /servers}. */
  static String relative(String path) {
    String p = path.equals("/v1") || path.startsWith("/v1/") ? path.substring(3) : path;
    return p.isEmpty() ? "/" : p;
  }
}
