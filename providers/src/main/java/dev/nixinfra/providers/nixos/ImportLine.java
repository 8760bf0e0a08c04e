package dev.nixinfra.providers.nixos;

import dev.nixinfra.providers.nixos.NixLexer.Token;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Adds nixinfra's module to the {@code imports} list of a classic {@code /etc/nixos/configuration.nix}, and takes it
 * out again. Handled layouts:
 *
 * <pre>
 * imports = [ ./hardware-configuration.nix ];                                     # nixos-generate-config (one line)
 * imports =
 *   [ # Include the results of the hardware scan.
 *     ./hardware-configuration.nix
 *   ];                                                                            # nixos-generate-config
 * imports = [ ./hardware-configuration.nix ./networking.nix ./host.nix ];         # nixos-infect
 * </pre>
 *
 * <p>The module is inserted just before the list's {@code ]} (after the last entry, on the {@code ]} line of a
 * multi-line list). A body with no {@code imports} gets {@code imports = [ <module> ];} on a new line right after
 * its opening {@code {}. Contracts: {@link #add} is idempotent; {@link #remove} of what {@link #add} inserted
 * restores the text byte for byte; anything unclear (several {@code imports}, one that is not a plain list, a body
 * that is not an attribute set) raises {@link UneditableConfigurationException} instead of guessing.
 *
 * <p>Flake-based hosts are not edited; the caller shows {@link #flakeGuidance(String)} instead.
 */
public final class ImportLine {
  /** A module next to configuration.nix, e.g. {@code ./nixinfra-builder.nix}. */
  private static final Pattern MODULE = Pattern.compile("\\./[A-Za-z0-9._-]+\\.nix");

  private ImportLine() {}

  /** The line a user adds by hand: {@code imports = [ ./nixinfra-builder.nix ];}. */
  public static String importLine(String module) {
    return "imports = [ " + requireModule(module) + " ];";
  }

  /** What to tell the user of a flake-based /etc/nixos, whose flake nixinfra does not edit. */
  public static String flakeGuidance(String module) {
    return "/etc/nixos is a flake; nixinfra wrote " + requireModule(module).substring(2)
        + " but does not edit flakes. Add this to the NixOS module of your flake's nixosConfigurations "
        + "(or add the path to an existing imports list), then run nixos-rebuild switch:\n  "
        + importLine(module);
  }

  /**
   * What to tell the user of a flake-based /etc/nix-darwin, whose flake nixinfra does not edit. A flake only sees
   * files Git tracks, hence the {@code git add}.
   */
  public static String darwinFlakeGuidance(String module) {
    return "/etc/nix-darwin is a flake; nixinfra wrote " + requireModule(module).substring(2)
        + " but does not edit flakes. Add this to the nix-darwin module of your flake's darwinConfigurations "
        + "(or add the path to an existing imports list), `git add` the file when the flake is a Git repository, "
        + "then run darwin-rebuild switch --flake /etc/nix-darwin:\n  " + importLine(module);
  }

  /**
   * True when a flake names {@code module} as a path anywhere outside comments and strings (for example in a
   * {@code modules} list of its nixosConfigurations, or an {@code imports} list). Flakes are the user's own code, so
   * this is the most nixinfra can tell by reading; whether the module is really part of the running system is what
   * {@code check} proves with {@link ModuleMarker}.
   */
  public static boolean mentions(String flakeNix, String module) {
    requireModule(module);
    return NixLexer.lex(flakeNix).stream().anyMatch(t -> t.kind() == NixLexer.Kind.WORD && t.is(module));
  }

  /** True when {@code module} is an entry of the configuration's {@code imports} list. */
  public static boolean isImported(String configurationNix, String module) {
    requireModule(module);
    List<Token> tokens = NixLexer.lex(configurationNix);
    ImportsList list = findImports(tokens);
    return list != null && list.indexOf(tokens, module) >= 0;
  }

  /**
   * The configuration with {@code module} imported; the same text when it already is.
   *
   * @throws UneditableConfigurationException when the imports list or the module body cannot be found unambiguously
   */
  public static String add(String configurationNix, String module) {
    Objects.requireNonNull(configurationNix, "configurationNix");
    requireModule(module);
    List<Token> tokens = NixLexer.lex(configurationNix);
    ImportsList list = findImports(tokens);
    if (list == null) {
      int at = bodyOpen(tokens).end();
      return configurationNix.substring(0, at) + newImports(module) + configurationNix.substring(at);
    }
    if (list.indexOf(tokens, module) >= 0) {
      return configurationNix;
    }
    int close = tokens.get(list.close()).start();
    String insert = Character.isWhitespace(configurationNix.charAt(close - 1)) ? module + " " : " " + module;
    return configurationNix.substring(0, close) + insert + configurationNix.substring(close);
  }

  /**
   * The configuration without {@code module}: exactly the text before {@link #add} when {@link #add} inserted it,
   * the same text when it is not imported.
   *
   * @throws UneditableConfigurationException when the imports list cannot be found unambiguously
   */
  public static String remove(String configurationNix, String module) {
    Objects.requireNonNull(configurationNix, "configurationNix");
    requireModule(module);
    List<Token> tokens = NixLexer.lex(configurationNix);
    ImportsList list = findImports(tokens);
    if (list == null) {
      return configurationNix;
    }
    String added = newImports(module);
    Token open = tokens.get(list.name() - 1 >= 0 ? list.name() - 1 : 0);
    if (open.is("{") && configurationNix.startsWith(added, open.end())
        && list.close() - list.open() == 2) {
      // The whole attribute is ours: add() created it after the body's {.
      return configurationNix.substring(0, open.end()) + configurationNix.substring(open.end() + added.length());
    }
    int i = list.indexOf(tokens, module);
    if (i < 0) {
      return configurationNix;
    }
    Token t = tokens.get(i);
    int from = t.start();
    int to = t.end();
    if (to < configurationNix.length() && configurationNix.charAt(to) == ' ') {
      to++;
    } else if (configurationNix.charAt(from - 1) == ' ') {
      from--;
    }
    return configurationNix.substring(0, from) + configurationNix.substring(to);
  }

  /** Token indexes of {@code imports}, its {@code [} and its {@code ]}. */
  private record ImportsList(int name, int open, int close) {
    /** The index of the entry {@code module} directly in the list, or -1. */
    int indexOf(List<Token> tokens, String module) {
      int brackets = 0;
      for (int i = open + 1; i < close; i++) {
        Token t = tokens.get(i);
        if (t.is("[") || t.is("(")) {
          brackets++;
        } else if (t.is("]") || t.is(")")) {
          brackets--;
        } else if (brackets == 0 && t.kind() == NixLexer.Kind.WORD && t.is(module)) {
          return i;
        }
      }
      return -1;
    }
  }

  /** The one {@code imports = [ ... ];} of the module body, null when there is none. */
  private static ImportsList findImports(List<Token> tokens) {
    List<Integer> names = java.util.stream.IntStream.range(0, tokens.size())
        .filter(i -> tokens.get(i).kind() == NixLexer.Kind.WORD && tokens.get(i).is("imports")).boxed().toList();
    if (names.isEmpty()) {
      return null;
    }
    if (names.size() > 1) {
      throw uneditable("it mentions `imports` " + names.size() + " times");
    }
    int n = names.get(0);
    Token name = tokens.get(n);
    if (name.depth() != 1 || n + 2 >= tokens.size() || !tokens.get(n + 1).is("=") || !tokens.get(n + 2).is("[")) {
      throw uneditable("its `imports` is not a plain `imports = [ ... ];` in the module body");
    }
    int brackets = 0;
    for (int i = n + 2; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.is("[")) {
        brackets++;
      } else if (t.is("]") && --brackets == 0) {
        if (i + 1 < tokens.size() && tokens.get(i + 1).is(";")) {
          return new ImportsList(n, n + 2, i);
        }
        break;
      }
    }
    throw uneditable("its `imports` list is not closed by `];`");
  }

  /**
   * The {@code {} that opens the module body: the file is {@code { args }: {}, {@code { args } @ x: {},
   * {@code x @ { args }: {}, {@code x: {} or a bare {@code {}.
   */
  private static Token bodyOpen(List<Token> tokens) {
    int first = 0;
    if (tokens.size() > 2 && tokens.get(0).kind() == NixLexer.Kind.WORD
        && (tokens.get(1).is("@") || tokens.get(1).is(":"))) {
      first = 2;
    }
    if (first >= tokens.size() || !tokens.get(first).is("{")) {
      throw uneditable("it does not start with an attribute set or a function of one");
    }
    boolean simpleLambda = first == 2 && tokens.get(1).is(":");
    int close = matching(tokens, first);
    int next = close + 1;
    if (simpleLambda || next == tokens.size()) {
      if (next != tokens.size()) {
        throw uneditable("its body is followed by more code");
      }
      return tokens.get(first);
    }
    if (tokens.get(next).is("@") && next + 1 < tokens.size() && tokens.get(next + 1).kind() == NixLexer.Kind.WORD) {
      next += 2;
    }
    if (next + 1 < tokens.size() && tokens.get(next).is(":") && tokens.get(next + 1).is("{")
        && matching(tokens, next + 1) == tokens.size() - 1) {
      return tokens.get(next + 1);
    }
    throw uneditable("its module body is not a plain attribute set right after the arguments (let, with, ...)");
  }

  private static int matching(List<Token> tokens, int open) {
    int depth = tokens.get(open).depth();
    for (int i = open + 1; i < tokens.size(); i++) {
      if (tokens.get(i).is("}") && tokens.get(i).depth() == depth) {
        return i;
      }
    }
    throw uneditable("a { is never closed");
  }

  private static String newImports(String module) {
    return "\n  " + importLine(module);
  }

  private static String requireModule(String module) {
    if (module == null || !MODULE.matcher(module).matches()) {
      throw new IllegalArgumentException("not a module next to configuration.nix (./name.nix): '" + module + "'");
    }
    return module;
  }

  private static UneditableConfigurationException uneditable(String why) {
    return new UneditableConfigurationException("cannot add the import to configuration.nix: " + why
        + ". Add it by hand to the module's imports.");
  }
}
