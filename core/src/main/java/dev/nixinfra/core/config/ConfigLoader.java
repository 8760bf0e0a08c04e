package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.Diagnostic;
import dev.nixinfra.core.diag.SourceLocation;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads nixinfra.yaml (version 1). Never throws for bad input: every problem becomes a located diagnostic, all of
 * them are reported at once, sorted by place in the file, and a config comes back only when there is no error.
 * Reads nothing but the file and the given environment.
 */
public final class ConfigLoader {
  static final List<String> KEYS =
      List.of("version", "stack", "state", "ssh", "hetzner", "nixos_infect", "builders", "clients");

  private ConfigLoader() {}

  /**
   * @param displayName the file as the user named it, used in every location
   * @param env the environment {@code ${env:NAME}} reads from, usually {@code System.getenv()}
   */
  public static LoadResult load(Path file, String displayName, Map<String, String> env) {
    String text;
    try {
      byte[] bytes = Files.readAllBytes(file);
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      return failed(Diagnostic.error("cannot read " + displayName + ": no such file",
          "create it (see docs/config.md and the examples/ folder), or name another file with --config"));
    } catch (CharacterCodingException e) {
      return failed(Diagnostic.error("cannot read " + displayName + ": it is not UTF-8 text",
          "save the file as UTF-8"));
    } catch (IOException e) {
      return failed(Diagnostic.error("cannot read " + displayName + ": " + reason(e),
          "check that the file exists and that you may read it"));
    }
    return parse(text, displayName, env);
  }

  /** Loads config text, for tests and for callers that already hold the file's content. */
  public static LoadResult parse(String text, String displayName, Map<String, String> env) {
    YamlContext ctx = new YamlContext(displayName, env);
    Optional<Node> root = compose(ctx, text);
    Optional<Config> config;
    try {
      config = root.flatMap(r -> read(ctx, r));
    } catch (RuntimeException e) {
      // A bug, not bad input: the readers report every problem before building a record. Say so, don't crash.
      ctx.diagnostics.error(new SourceLocation(displayName, 1, 1),
          "internal error while reading " + displayName + ": " + e.getMessage(),
          "this is a bug in nixinfra; please report it with the config file");
      config = Optional.empty();
    }
    List<Diagnostic> sorted = new ArrayList<>(ctx.diagnostics.toList());
    sorted.sort(Comparator.comparing((Diagnostic d) -> d.location().map(SourceLocation::line).orElse(0))
        .thenComparing(d -> d.location().map(SourceLocation::column).orElse(0)));
    boolean errors = sorted.stream().anyMatch(Diagnostic::isError);
    return new LoadResult(errors ? Optional.empty() : config, sorted);
  }

  private static LoadResult failed(Diagnostic d) {
    return new LoadResult(Optional.empty(), List.of(d));
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The single document's node tree; syntax errors and extra documents are reported. */
  private static Optional<Node> compose(YamlContext ctx, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with both lines
    options.setMaxAliasesForCollections(100);
    options.setProcessComments(false);
    try {
      Iterator<Node> docs = new Yaml(options).composeAll(new StringReader(text)).iterator();
      if (!docs.hasNext()) {
        ctx.diagnostics.error(new SourceLocation(ctx.file, 1, 1), ctx.file + " is empty",
            "start with `stack: NAME` and add builders or clients; see docs/config.md");
        return Optional.empty();
      }
      Node root = docs.next();
      while (docs.hasNext()) {
        Node extra = docs.next();
        if (!YamlNodes.isNull(extra)) { // a trailing `---` with nothing after it is harmless
          ctx.error(extra, ctx.file + " holds more than one YAML document",
              "keep one document: remove the `---` line and what follows, or merge the documents");
          return Optional.empty();
        }
      }
      return Optional.of(root);
    } catch (MarkedYAMLException e) {
      SourceLocation at = e.getProblemMark() != null ? ctx.at(e.getProblemMark())
          : e.getContextMark() != null ? ctx.at(e.getContextMark()) : new SourceLocation(ctx.file, 1, 1);
      String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      String started = e.getContextMark() != null && e.getProblemMark() != null
          && e.getContextMark().getLine() != e.getProblemMark().getLine()
          ? " (the construct began on line " + (e.getContextMark().getLine() + 1) + ")" : "";
      ctx.diagnostics.error(at, "YAML syntax error: " + problem + context,
          "check the indentation and quoting here" + started + "; values with `: `, `#`, `{` or `[` need quotes");
      return Optional.empty();
    } catch (YAMLException e) {
      ctx.diagnostics.error(new SourceLocation(ctx.file, 1, 1), "YAML error: " + e.getMessage(),
          "check that the file is YAML text");
      return Optional.empty();
    }
  }

  private static Optional<Config> read(YamlContext ctx, Node rootNode) {
    if (YamlNodes.isNull(rootNode)) {
      ctx.error(rootNode, ctx.file + " is empty",
          "start with `stack: NAME` and add builders or clients; see docs/config.md");
      return Optional.empty();
    }
    if (!(rootNode instanceof MappingNode)) {
      ctx.error(rootNode, ctx.file + " must be a map of keys, not " + YamlNodes.describe(rootNode),
          "start with `stack: NAME` and add `builders:` or `clients:`; see docs/config.md");
      return Optional.empty();
    }
    YamlMap root = YamlMap.of(ctx, "", rootNode, rootNode);
    root.allowOnly(KEYS);
    root.integer("version", 0, Long.MAX_VALUE).filter(v -> v != 1).ifPresent(v ->
        ctx.error(root.value("version"), "config version " + v + " is not supported",
            "this nixinfra reads version 1; write `version: 1`, or upgrade nixinfra"));
    root.require("stack", "stack: NAME` at the top, for example `stack: acme-builders");
    Optional<String> stack = root.string("stack").filter(s -> {
      if (Config.STACK.matcher(s).matches()) {
        return true;
      }
      ctx.error(root.value("stack"), "stack name `" + s + "` is not allowed",
          "use lower-case letters, digits and `-`, at most 63 characters, starting and ending with a letter or"
              + " digit, for example `acme-builders`; it appears in cloud labels and server names");
      return false;
    });
    Optional<StateSettings> state = SettingsReader.state(ctx, root);
    Optional<SshSettings> ssh = SettingsReader.ssh(ctx, root);
    Optional<YamlMap> hetznerMap = root.map("hetzner");
    Optional<HetznerSettings> hetzner = hetznerMap.map(h -> SettingsReader.hetzner(ctx, h));
    Optional<String> defaultLocation = hetzner.flatMap(HetznerSettings::serverLocation);
    Optional<YamlMap> infectMap = root.map("nixos_infect");
    Optional<InfectPin> infectPin = infectMap.flatMap(m -> SettingsReader.nixosInfect(ctx, m));
    Optional<Duration> rebootTimeout = infectMap.flatMap(m -> SettingsReader.rebootTimeout(ctx, m));

    YamlMap buildersMap = root.map("builders").orElse(YamlMap.of(ctx, "builders", rootNode, null));
    YamlMap clientsMap = root.map("clients").orElse(YamlMap.of(ctx, "clients", rootNode, null));
    List<String> clientNames = clientsMap.keys().stream().sorted().toList();
    TreeMap<String, BuilderConfig> builders = new TreeMap<>();
    for (String name : buildersMap.keys()) {
      YamlMap b = YamlMap.of(ctx, "builders." + name, buildersMap.keyNode(name), buildersMap.value(name));
      BuilderReader.read(ctx, b, name, defaultLocation, clientNames).ifPresent(x -> builders.put(name, x));
    }
    List<String> builderNames = buildersMap.keys().stream().sorted().toList();
    TreeMap<String, ClientConfig> clients = new TreeMap<>();
    for (String name : clientsMap.keys()) {
      YamlMap c = YamlMap.of(ctx, "clients." + name, clientsMap.keyNode(name), clientsMap.value(name));
      ClientReader.read(ctx, c, name, builderNames, builders).ifPresent(x -> clients.put(name, x));
    }
    Tenancy.checkResourceNames(ctx, buildersMap, builders);
    if (buildersMap.keys().isEmpty() && clientsMap.keys().isEmpty()) {
      ctx.error(rootNode, "nothing to manage: there are no builders and no clients",
          "add a machine that runs builds under `builders:`, or one that offloads builds under `clients:`;"
              + " see docs/config.md");
    }
    if (ctx.diagnostics.hasErrors() || stack.isEmpty() || state.isEmpty() || ssh.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Config(ctx.file, stack.get(), state.get(), ssh.get(), hetzner, infectPin,
        rebootTimeout, builders, clients, ctx.at(rootNode)));
  }
}
