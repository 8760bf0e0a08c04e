package dev.nixinfra.cli;

import dev.nixinfra.cli.wiring.ProviderFactory;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything a command may use from the outside world, passed in so commands run the same in-process (tests) and
 * from the packaged jar: environment variables, working folder, standard streams, colour, the providers, and the
 * flag the first Ctrl-C sets.
 */
public final class CliContext {
  private final Map<String, String> env;
  private final Path workingDirectory;
  private final BufferedReader in;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean colour;
  private final boolean interactive;
  private final ProviderFactory providers;
  private final AtomicBoolean cancelled = new AtomicBoolean();

  public CliContext(Map<String, String> env, Path workingDirectory, BufferedReader in, PrintWriter out,
      PrintWriter err, boolean colour, boolean interactive, ProviderFactory providers) {
    this.env = Map.copyOf(env);
    this.workingDirectory = Objects.requireNonNull(workingDirectory);
    this.in = Objects.requireNonNull(in);
    this.out = Objects.requireNonNull(out);
    this.err = Objects.requireNonNull(err);
    this.colour = colour;
    this.interactive = interactive;
    this.providers = Objects.requireNonNull(providers);
  }

  public Map<String, String> env() {
    return env;
  }

  public Path workingDirectory() {
    return workingDirectory;
  }

  public BufferedReader in() {
    return in;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  /** Colours are on: a terminal, NO_COLOR unset, and no --no-color. */
  public boolean colour() {
    return colour;
  }

  /** Standard input and output are a terminal, so prompting makes sense. */
  public boolean interactive() {
    return interactive;
  }

  /** Makes the providers for a loaded configuration. */
  public ProviderFactory providers() {
    return providers;
  }

  /** Set once the user asked to stop (first Ctrl-C); apply starts nothing new after that. */
  public AtomicBoolean cancelled() {
    return cancelled;
  }

  /** The path as the user wrote it, resolved against the working folder. */
  public Path resolve(String path) {
    return workingDirectory.resolve(path).normalize();
  }
}
