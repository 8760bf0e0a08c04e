package dev.nixinfra.cli.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged jar as a user would, in its own process: alone, or with the test classes on the class path so
 * that the test world providers stand in for the real ones. Every process started is stopped by its own handle in
 * {@link #close()}, never by name. The end-to-end and reliability suites both start nixinfra through it.
 */
public final class NixinfraProcess implements AutoCloseable {
  public static final Path JAR = Path.of("target", "nixinfra.jar").toAbsolutePath();
  private static final Path TEST_CLASSES = Path.of("target", "test-classes").toAbsolutePath();

  private final Process process;
  private final CompletableFuture<String> out;
  private final CompletableFuture<String> err;

  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private NixinfraProcess(Process process) {
    this.process = process;
    this.out = drain(process.getInputStream());
    this.err = drain(process.getErrorStream());
  }

  /** Starts {@code nixinfra args} in {@code dir} with the extra environment {@code env} and the test world. */
  static NixinfraProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
    return start(true, dir, env, args);
  }

  /** Starts the packaged jar alone, with the providers it really has. */
  static NixinfraProcess startPackaged(Path dir, Map<String, String> env, String... args) throws IOException {
    return start(false, dir, env, args);
  }

  private static NixinfraProcess start(boolean testWorld, Path dir, Map<String, String> env, String... args)
      throws IOException {
    return start(List.of(), testWorld, dir, env, args);
  }

  /**
   * Starts {@code nixinfra args} in {@code dir} with the extra environment {@code env}.
   *
   * @param jvmOptions added to the JVM's own, for example a class-data archive
   * @param testWorld with the test classes on the class path, so the test world providers stand in
   */
  public static NixinfraProcess start(List<String> jvmOptions, boolean testWorld, Path dir, Map<String, String> env,
      String... args) throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run the integration tests with 'mvn verify'");
    }
    String classPath = testWorld ? JAR + java.io.File.pathSeparator + TEST_CLASSES : JAR.toString();
    List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", classPath, "dev.nixinfra.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("NO_COLOR");
    pb.environment().putAll(env);
    return new NixinfraProcess(pb.start());
  }

  /** Runs to the end with {@code stdin} as input, with the test world. */
  static Result run(Path dir, Map<String, String> env, String stdin, String... args) throws Exception {
    try (NixinfraProcess p = start(dir, env, args)) {
      p.write(stdin);
      return p.waitFor(120);
    }
  }

  /** Runs the packaged jar alone to the end, with no input. */
  static Result runPackaged(Path dir, Map<String, String> env, String... args) throws Exception {
    try (NixinfraProcess p = startPackaged(dir, env, args)) {
      p.write("");
      return p.waitFor(300);
    }
  }

  public void write(String input) throws IOException {
    try (OutputStream in = process.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Result waitFor(long seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("nixinfra did not finish within " + seconds + " s");
    }
    return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  /** Sends SIGINT, as Ctrl-C does. */
  public void interrupt() throws Exception {
    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  /** SIGKILL: the process gets no chance to clean up. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Kills the process if it still runs, so no test leaves one behind. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private static CompletableFuture<String> drain(InputStream s) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(s.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "<unreadable: " + e + ">";
      }
    });
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
