package dev.nixinfra.providers.host;

import static org.junit.jupiter.api.Assertions.fail;

import dev.nixinfra.providers.nixos.ImportLine;
import dev.nixinfra.providers.nixos.ModuleMarker;
import dev.nixinfra.providers.nixos.TenantModule;
import dev.nixinfra.providers.ssh.CommandResult;
import dev.nixinfra.providers.ssh.Connection;
import dev.nixinfra.providers.ssh.LineSink;
import dev.nixinfra.providers.ssh.RemoteCommandException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host with Nix, in memory: files (text, mode, owner), users, the daemon socket's group, and an interpreter for
 * exactly the commands the nix provider issues. An unknown command fails the test. Scripted answers (by command
 * prefix) stand in for ssh and Nix talking to a builder during {@code check}.
 */
final class FakeHost implements Connection {
  record File(String text, String mode, String owner) {}

  /** An answer to a scripted command: exit status 0 returns, anything else throws like a failing command. */
  record Answer(int exit, String stdout, String stderr) {}

  private static final String PATH_PREFIX =
      "PATH=\"$PATH:/nix/var/nix/profiles/default/bin:/run/current-system/sw/bin\" ";

  final String name;
  final Map<String, File> files = new TreeMap<>();
  final Set<String> directories = new TreeSet<>(Set.of("/", "/etc", "/etc/nix", "/etc/ssh", "/var/lib", "/tmp"));
  /** user name to home. */
  final Map<String, String> users = new TreeMap<>(Map.of("root", "/root"));
  final Map<String, Set<String>> groups = new TreeMap<>();
  final List<String> log = new ArrayList<>();
  final Map<String, Answer> script = new LinkedHashMap<>();
  final Set<String> restartCommands = new TreeSet<>(Set.of("systemctl restart nix-daemon"));
  String nixVersion = "nix (Nix) 2.8.0";
  String os = "Linux";
  String systemFeatures = "benchmark big-parallel kvm nixos-test";
  /** On NixOS, the list before a switch first applied a module: the host's own. */
  private String ownSystemFeatures;
  private static final String NIXOS_BUILDER_MODULE = "/etc/nixos/nixinfra-builder.nix";
  private static final Pattern NIXOS_FEATURES = Pattern.compile("nix\\.settings\\.system-features = \\[([^\\]]*)\\];");
  /** {@code <group> <mode>} of the daemon socket. */
  String socket = "nix-users 660";
  Optional<String> hostKey;
  int restarts;
  int keysGenerated;
  /** Tenant store roots: path to owner. */
  final Map<String, String> stores = new TreeMap<>();
  /** unprivileged_userns_clone, max_user_namespaces, apparmor_restrict_unprivileged_userns; - when absent. */
  String userNamespaceSettings = "1\n15000\n-\n";
  /** Users whose processes were killed. */
  final List<String> killed = new ArrayList<>();
  private static final Pattern ENSURE_STORE = Pattern.compile("mkdir -p \"\\$\\(dirname (\\S+)\\)\" && install -d "
      + "-m 0700 -o (\\S+) -g \"\\$\\(id -gn \\S+\\)\" \\S+ && if \\[ -e \\S+/nix \\] .* fi");
  /** Symbolic links: path to target (what {@code readlink} prints); nix-darwin links /etc/nix/nix.conf. */
  final Map<String, String> links = new TreeMap<>();
  /** {@code nixos-rebuild switch} or {@code darwin-rebuild switch} runs, and {@code --rollback} runs. */
  int switches;
  int rollbacks;
  /** After a switch, new SSH logins fail (a change that would lock nixinfra out). */
  boolean lockedOutBySwitch;

  /**
   * As NixOS does on a switch: the builder module's {@code nix.settings.system-features} replaces the generated
   * nix.conf's list, which is what {@code nix config show} reports afterwards. The host's own list (NixOS's
   * {@code mkDefault}) is kept, and comes back when the module no longer sets one.
   */
  private void nixosSystemFeatures() {
    if (ownSystemFeatures == null) {
      ownSystemFeatures = systemFeatures;
    }
    String module = files.containsKey(NIXOS_BUILDER_MODULE) ? files.get(NIXOS_BUILDER_MODULE).text() : "";
    Matcher m = NIXOS_FEATURES.matcher(module);
    systemFeatures = m.find() ? String.join(" ", m.group(1).replace("\"", " ").trim().split("\\s+"))
        : ownSystemFeatures;
  }

  /** The activity markers before the last switch, which a rollback puts back. */
  private Map<String, File> markersBeforeSwitch = Map.of();

  /**
   * As NixOS and nix-darwin do on a switch: the system is built from configuration.nix in {@code directory} and
   * the modules it imports, so {@code /etc/nixinfra/<role>.active} holds the marker of each imported nixinfra module
   * ({@link ModuleMarker}) and no other.
   */
  private void activate(String directory) {
    markersBeforeSwitch = markers();
    String configuration = Optional.ofNullable(text(directory + "configuration.nix")).orElse("");
    declareTenantUsers(directory, configuration);
    Map<String, File> active = new TreeMap<>();
    files.forEach((p, f) -> {
      Optional<String> role = ModuleMarker.roleOf(p);
      if (p.startsWith(directory) && role.isPresent()
          && ImportLine.isImported(configuration, "./" + p.substring(directory.length()))) {
        ModuleMarker.expected(f.text()).ifPresent(hash ->
            active.put(ModuleMarker.path(role.get()), new File(hash + "\n", "0444", "root")));
      }
    });
    files.keySet().removeIf(p -> p.startsWith("/etc/nixinfra/"));
    files.putAll(active);
  }

  /** Users that imported tenant modules declare; NixOS creates them on a switch and removes them when dropped. */
  private final Set<String> declaredUsers = new TreeSet<>();
  private static final Pattern DECLARED_USER = Pattern.compile("(?m)^  users\\.users\\.(\\S+) = \\{$");
  private static final Pattern TMPFILES_STORE = Pattern.compile("\"d (\\S+) 0700 (\\S+) \\S+ -\"");

  private void declareTenantUsers(String directory, String configuration) {
    Set<String> now = new TreeSet<>();
    files.forEach((p, f) -> {
      String module = "./" + p.substring(directory.length());
      if (p.startsWith(directory) && TenantModule.isPath(p) && ImportLine.isImported(configuration, module)) {
        Matcher u = DECLARED_USER.matcher(f.text());
        while (u.find()) {
          now.add(u.group(1));
        }
        Matcher t = TMPFILES_STORE.matcher(f.text());
        while (t.find()) {
          stores.putIfAbsent(t.group(1), t.group(2));
        }
      }
    });
    declaredUsers.stream().filter(u -> !now.contains(u)).forEach(users::remove);
    now.forEach(u -> users.putIfAbsent(u, "/var/empty"));
    declaredUsers.clear();
    declaredUsers.addAll(now);
  }

  private void rollBack() {
    files.keySet().removeIf(p -> p.startsWith("/etc/nixinfra/"));
    files.putAll(markersBeforeSwitch);
  }

  private Map<String, File> markers() {
    Map<String, File> m = new TreeMap<>();
    files.forEach((p, f) -> {
      if (p.startsWith("/etc/nixinfra/")) {
        m.put(p, f);
      }
    });
    return m;
  }

  FakeHost(String name, String hostKey) {
    this.name = name;
    this.hostKey = Optional.ofNullable(hostKey);
  }

  void put(String path, String text) {
    files.put(path, new File(text, "0644", "root"));
  }

  String text(String path) {
    return Optional.ofNullable(files.get(path)).map(File::text).orElse(null);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<String> hostKey() {
    return hostKey;
  }

  @Override
  public void close() {}

  /** How long reading a configuration.nix takes: widens the window in which two changes of it could interleave. */
  volatile Duration configurationReadDelay = Duration.ZERO;

  @Override
  public Optional<String> readFile(String path, Duration timeout) {
    if (path.endsWith("/configuration.nix") && !configurationReadDelay.isZero()) {
      try {
        Thread.sleep(configurationReadDelay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    log.add("read " + path);
    return Optional.ofNullable(files.get(path)).map(File::text);
  }

  @Override
  public void writeFileAtomically(String path, String content, String mode, Duration timeout) {
    if (!directories.contains(FileEdits.parent(path))) {
      fail(name + ": write to " + path + " whose directory does not exist");
    }
    log.add("write " + path);
    files.put(path, new File(content, mode, "root"));
  }

  /** Whether the host has /dev/kvm. */
  boolean kvm = true;

  /** Where this host's nix-daemon is, as Debian's nix-bin installs it. */
  static final String NIX_DAEMON = "/usr/bin/nix-daemon";

  @Override
  public synchronized CommandResult run(String command, Duration timeout, LineSink out)
      throws RemoteCommandException {
    log.add(command);
    for (Map.Entry<String, Answer> s : script.entrySet()) {
      if (command.startsWith(s.getKey()) || command.startsWith(PATH_PREFIX + s.getKey())
          || command.startsWith(ModuleSystem.DARWIN_PATH + s.getKey())) {
        Answer a = s.getValue();
        if (a.exit() != 0) {
          throw new RemoteCommandException(name, command, a.exit(), false, "exited with status " + a.exit(),
              a.stderr().lines().toList());
        }
        return new CommandResult(0, a.stdout(), a.stderr());
      }
    }
    String bare = command.startsWith(PATH_PREFIX) ? command.substring(PATH_PREFIX.length())
        : command.startsWith(ModuleSystem.DARWIN_PATH) ? command.substring(ModuleSystem.DARWIN_PATH.length())
        : command;
    return ok(interpret(bare));
  }

  private String interpret(String command) throws RemoteCommandException {
    List<String> w = words(command);
    if (command.equals("nix --version")) {
      return nixVersion + "\n";
    }
    if (command.equals("uname -s")) {
      return os + "\n";
    }
    if (command.equals("test -e /dev/kvm && echo kvm || echo none")) {
      return (kvm ? "kvm" : "none") + "\n";
    }
    if (command.endsWith("command -v nix-daemon || true")) {
      return NIX_DAEMON + "\n";
    }
    if (command.startsWith("nix ") && (command.endsWith(" show-config") || command.endsWith(" config show"))) {
      boolean newCli = !nixVersion.contains("Lix") && HostFacts.recorded(nixVersion.replaceAll(".* ", ""))
          .map(v -> v.atLeast(2, 20)).orElse(false);
      if (newCli != command.endsWith(" config show")) {
        fail(name + ": wrong show-config command for " + nixVersion + ": " + command);
      }
      return "max-jobs = 1\nsystem-features = " + systemFeatures + "\ntrusted-users = root\n";
    }
    if (command.startsWith("stat -c %U ") && command.endsWith(" 2>/dev/null || true")) {
      return Optional.ofNullable(stores.get(w.get(3))).map(o -> o + "\n").orElse("");
    }
    Matcher store = ENSURE_STORE.matcher(command);
    if (store.matches()) {
      if (!users.containsKey(store.group(2))) {
        throw failed(command, "install: invalid user '" + store.group(2) + "'");
      }
      stores.put(store.group(1), store.group(2));
      return "";
    }
    if (command.equals(UserNamespaces.SETTINGS)) {
      return userNamespaceSettings;
    }
    if (command.startsWith("pkill -KILL -u ")) {
      killed.add(w.get(3));
      return "";
    }
    if (command.startsWith("rm -rf --one-file-system ")) {
      stores.remove(w.get(3));
      return "";
    }
    if (command.startsWith("getent passwd ")) {
      String user = w.get(2);
      return users.containsKey(user) ? user + ":x:999:999::" + users.get(user) + ":/bin/sh\n" : "";
    }
    if (command.startsWith("useradd --system --create-home --home-dir ")) {
      String home = w.get(4);
      String user = w.get(w.size() - 1);
      if (users.containsKey(user) || w.contains("nixbld")) {
        fail(name + ": bad useradd: " + command);
      }
      users.put(user, home);
      directories.add(home);
      return "";
    }
    if (command.startsWith("userdel --remove ")) {
      String user = w.get(2);
      String home = users.remove(user);
      files.keySet().removeIf(p -> p.startsWith(home + "/"));
      directories.removeIf(d -> d.equals(home) || d.startsWith(home + "/"));
      return "";
    }
    if (command.startsWith("stat -c '%G %a' " + BuilderOperations.SOCKET)) {
      return socket == null ? "" : socket + "\n";
    }
    if (command.startsWith("id -nG ")) {
      return String.join(" ", groups.getOrDefault(w.get(2), Set.of(w.get(2)))) + "\n";
    }
    if (command.startsWith("usermod -a -G ")) {
      groups.computeIfAbsent(w.get(4), u -> new TreeSet<>(Set.of(u))).add(w.get(3));
      return "";
    }
    if (command.startsWith("stat -c %a ")) {
      File f = files.get(w.get(3));
      if (f == null) {
        throw failed(command, "stat: cannot stat '" + w.get(3) + "': No such file or directory");
      }
      return f.mode().substring(1) + "\n";
    }
    if (command.startsWith("test -d ") || command.startsWith("test -e ")) {
      String p = w.get(2);
      boolean present = directories.contains(p) || command.startsWith("test -e ") && files.containsKey(p);
      return present ? "present\n" : "absent\n";
    }
    if (command.startsWith("mkdir -p -m ")) {
      directories.add(w.get(4));
      return "";
    }
    if (command.startsWith("chown ")) {
      String owner = w.get(1).replace(":", "");
      File f = files.get(w.get(2));
      if (f != null) {
        files.put(w.get(2), new File(f.text(), f.mode(), owner));
      } else if (!directories.contains(w.get(2))) {
        throw failed(command, "chown: cannot access '" + w.get(2) + "'");
      }
      return "";
    }
    if (command.startsWith("cp -p ")) {
      File f = files.get(w.get(2));
      if (f == null) {
        throw failed(command, "cp: cannot stat '" + w.get(2) + "'");
      }
      files.put(w.get(3), f);
      return "";
    }
    if (command.startsWith("rm -f ")) {
      w.subList(2, w.size()).forEach(files::remove);
      return "";
    }
    if (command.startsWith("ssh-keygen -q -t ed25519 -N '' -C ")) {
      String comment = w.get(7);
      String key = w.get(9);
      if (!directories.contains(FileEdits.parent(key))) {
        throw failed(command, "Saving key failed: No such file or directory");
      }
      keysGenerated++;
      files.put(key, new File("-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n", "0600", "root"));
      files.put(key + ".pub", new File(NixProviderTest.CLIENT_PUBLIC_KEY + " " + comment + "\n", "0644", "root"));
      return "";
    }
    if (command.equals("nixos-rebuild switch")) {
      switches++;
      nixosSystemFeatures();
      activate("/etc/nixos/");
      return "building the system configuration...\nactivating the configuration...\n";
    }
    if (command.equals("nixos-rebuild switch --rollback")) {
      rollbacks++;
      rollBack();
      return "switching to the previous generation\n";
    }
    if (command.equals("darwin-rebuild switch -I darwin-config=/etc/nix-darwin/configuration.nix")) {
      if (!os.equals("Darwin")) {
        fail(name + ": darwin-rebuild on " + os);
      }
      switches++;
      activate("/etc/nix-darwin/");
      return "building the system configuration...\nsetting up /etc...\n";
    }
    if (command.equals("darwin-rebuild switch --rollback")) {
      rollbacks++;
      rollBack();
      return "switching to the previous generation\n";
    }
    if (command.startsWith("readlink ") && command.endsWith(" || true")) {
      return Optional.ofNullable(links.get(w.get(1))).map(t -> t + "\n").orElse("");
    }
    if (command.equals("true")) {
      return "";
    }
    if (restartCommands.contains(command)) {
      restarts++;
      return "";
    }
    return fail(name + ": the fake host does not know the command: " + command);
  }

  private RemoteCommandException failed(String command, String stderr) {
    return new RemoteCommandException(name, command, 1, false, "exited with status 1", List.of(stderr));
  }

  private static CommandResult ok(String stdout) {
    return new CommandResult(0, stdout, "");
  }

  /** Splits an sh command line into words: spaces separate, single quotes group. Enough for our commands. */
  static List<String> words(String command) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char ch : command.toCharArray()) {
      if (ch == '\'') {
        quoted = !quoted;
        any = true;
      } else if (ch == ' ' && !quoted) {
        if (any) {
          out.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(ch);
        any = true;
      }
    }
    if (any) {
      out.add(cur.toString());
    }
    return out;
  }
}
