package dev.nixinfra.providers.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Connection} for {@code host: local}: the same commands run on this machine with {@code /bin/sh -c},
 * through {@code sudo -n} (never prompting) when nixinfra does not run as root, because the steps write system
 * files like {@code /etc/nix/nix.conf}.
 */
public final class LocalRunner extends AbstractConnection {
  private final boolean sudo;

  /** {@code sudo}: whether to prefix commands with {@code sudo -n}. */
  public LocalRunner(boolean sudo) {
    this.sudo = sudo;
  }

  /** Uses {@code sudo -n} unless this process runs as root (uid 0). */
  public static LocalRunner create() {
    return new LocalRunner(!isRoot());
  }

  public boolean usesSudo() {
    return sudo;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Optional<String> hostKey() {
    return Optional.empty();
  }

  @Override
  public void close() {}

  @Override
  Outcome exec(String command, byte[] stdin, Duration timeout, LineSink out) throws SshTransportException {
    List<String> argv = new ArrayList<>();
    if (sudo) {
      argv.addAll(List.of("sudo", "-n", "--"));
    }
    argv.addAll(List.of("/bin/sh", "-c", command));
    LineCollector stdout = new LineCollector(out, LineSink.Stream.STDOUT);
    LineCollector stderr = new LineCollector(out, LineSink.Stream.STDERR);
    Process p;
    try {
      p = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      throw new SshTransportException("local: cannot start " + argv.get(0) + ": " + e.getMessage(), e);
    }
    Thread outPump = pump(p.getInputStream(), stdout, "local-stdout");
    Thread errPump = pump(p.getErrorStream(), stderr, "local-stderr");
    // stdin is written by its own thread so that a command that never reads it still runs into its timeout.
    Thread inPump = new Thread(() -> {
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      } catch (IOException e) {
        // The command exited without reading all of its input; its exit status tells what happened.
      }
    }, "local-stdin");
    inPump.setDaemon(true);
    inPump.start();
    try {
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      outPump.join(5_000);
      errPump.join(5_000);
      stdout.close();
      stderr.close();
      return new Outcome(finished ? p.exitValue() : -1, !finished, null, stdout, stderr);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SshTransportException("local: interrupted while running a command", e);
    }
  }

  private static Thread pump(InputStream from, OutputStream to, String name) {
    Thread t = new Thread(() -> {
      try (from) {
        from.transferTo(to);
      } catch (IOException e) {
        // The process was killed; what arrived so far stays collected.
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static boolean isRoot() {
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      return p.waitFor() == 0 && uid.equals("0");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run 'id -u' to find out whether nixinfra runs as root", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
