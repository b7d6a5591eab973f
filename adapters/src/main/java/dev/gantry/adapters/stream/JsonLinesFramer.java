package dev.gantry.adapters.stream;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/** Newline-delimited JSON (Ollama's {@code application/x-ndjson}): one non-blank line per frame. */
public final class JsonLinesFramer implements Framer<String> {

  private final LineSplitter lines = new LineSplitter();

  @Override
  public void feed(Buffer chunk, Consumer<String> sink) {
    lines.feed(chunk, line -> emit(line, sink));
  }

  @Override
  public void end(Consumer<String> sink) {
    lines.end(line -> emit(line, sink));
  }

  private static void emit(String line, Consumer<String> sink) {
    if (!line.isBlank()) {
      sink.accept(line);
    }
  }
}
