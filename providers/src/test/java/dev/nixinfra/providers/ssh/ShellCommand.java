package dev.nixinfra.providers.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * The test server's exec command: {@code /bin/sh -c command} as a child process with the test's environment,
 * stdin, stdout and stderr piped to the channel, the exit status reported, and the process killed when the
 * client closes the channel (as sshd does with the session's processes).
 */
final class ShellCommand implements Command {
  private final String command;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;
  private volatile Process process;

  ShellCommand(String command) {
    this.command = command;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) throws IOException {
    Process p = new ProcessBuilder("/bin/sh", "-c", command).start();
    process = p;
    Thread stdin = pump(in, p.getOutputStream(), true);
    Thread stdout = pump(p.getInputStream(), out, false);
    Thread stderr = pump(p.getErrorStream(), err, false);
    Thread waiter = new Thread(() -> {
      try {
        int status = p.waitFor();
        stdout.join();
        stderr.join();
        stdin.interrupt();
        exit.onExit(status);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "test-sshd-wait");
    waiter.setDaemon(true);
    waiter.start();
  }

  @Override
  public void destroy(ChannelSession channel) {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private static Thread pump(InputStream from, OutputStream to, boolean closeTo) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = from.read(buf)) >= 0) {
          to.write(buf, 0, n);
          to.flush();
        }
      } catch (IOException e) {
        // The process or the channel went away.
      } finally {
        if (closeTo) {
          try {
            to.close();
          } catch (IOException e) {
            // Already closed.
          }
        }
      }
    }, "test-sshd-pump");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
