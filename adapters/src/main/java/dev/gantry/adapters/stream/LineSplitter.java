package dev.gantry.adapters.stream;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits bytes into UTF-8 lines at {@code \n}, {@code \r\n} or {@code \r}, buffering a partial
 * line (and so any multi-byte character cut by a chunk boundary) until its end arrives.
 */
final class LineSplitter {

  private final ByteArrayOutputStream partial = new ByteArrayOutputStream(256);
  private boolean lastWasCr;

  void feed(Buffer chunk, Consumer<String> lines) {
    byte[] bytes = chunk.getBytes();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '\n' && lastWasCr) {
        lastWasCr = false;
        start = i + 1;
        continue;
      }
      lastWasCr = false;
      if (b == '\n' || b == '\r') {
        lastWasCr = b == '\r';
        lines.accept(take(bytes, start, i));
        start = i + 1;
      }
    }
    partial.write(bytes, start, bytes.length - start);
  }

  /** Emits an unterminated last line, if any. */
  void end(Consumer<String> lines) {
    if (partial.size() > 0) {
      lines.accept(take(new byte[0], 0, 0));
    }
  }

  private String take(byte[] bytes, int from, int to) {
    if (partial.size() == 0) {
      return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
    partial.write(bytes, from, to - from);
    String line = partial.toString(StandardCharsets.UTF_8);
    partial.reset();
    return line;
  }
}
