package dev.nixinfra.providers.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The stdout or stderr of one command: splits the bytes into UTF-8 lines for the sink as they arrive, keeps the
 * whole output and the last {@link RemoteCommandException#STDERR_TAIL} lines. One writer thread at a time.
 */
final class LineCollector extends OutputStream {
  private final LineSink sink;
  private final LineSink.Stream stream;
  private final ByteArrayOutputStream all = new ByteArrayOutputStream();
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private final ArrayDeque<String> tail = new ArrayDeque<>();

  LineCollector(LineSink sink, LineSink.Stream stream) {
    this.sink = sink;
    this.stream = stream;
  }

  @Override
  public synchronized void write(int b) {
    all.write(b);
    if (b == '\n') {
      emit();
    } else {
      current.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  /** Delivers a last line that had no line terminator. Idempotent. */
  @Override
  public synchronized void close() {
    if (current.size() > 0) {
      emit();
    }
  }

  synchronized String text() {
    return all.toString(StandardCharsets.UTF_8);
  }

  synchronized List<String> tail() {
    return List.copyOf(tail);
  }

  private void emit() {
    String line = current.toString(StandardCharsets.UTF_8);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    current.reset();
    tail.addLast(line);
    if (tail.size() > RemoteCommandException.STDERR_TAIL) {
      tail.removeFirst();
    }
    sink.line(stream, line);
  }
}
