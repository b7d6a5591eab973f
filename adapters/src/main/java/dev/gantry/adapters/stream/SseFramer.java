package dev.gantry.adapters.stream;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Server-sent events per the WHATWG grammar: any line ending, one optional space after the colon
 * ({@code data:x} and {@code data: x} both occur, e.g. TGI), comment lines ignored, multi-line data
 * joined with {@code \n}, an event dispatched at a blank line (or at the end of input).
 */
public final class SseFramer implements Framer<SseEvent> {

  private final LineSplitter lines = new LineSplitter();
  private String event;
  private String id;
  private StringBuilder data;

  @Override
  public void feed(Buffer chunk, Consumer<SseEvent> sink) {
    lines.feed(chunk, line -> onLine(line, sink));
  }

  @Override
  public void end(Consumer<SseEvent> sink) {
    lines.end(line -> onLine(line, sink));
    dispatch(sink);
  }

  private void onLine(String line, Consumer<SseEvent> sink) {
    if (line.isEmpty()) {
      dispatch(sink);
      return;
    }
    if (line.charAt(0) == ':') {
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = "";
    if (colon >= 0) {
      int from = colon + 1;
      if (from < line.length() && line.charAt(from) == ' ') {
        from++;
      }
      value = line.substring(from);
    }
    switch (field) {
      case "data":
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
        break;
      case "event":
        event = value;
        break;
      case "id":
        id = value;
        break;
      default:
        break;
    }
  }

  private void dispatch(Consumer<SseEvent> sink) {
    if (data != null) {
      sink.accept(new SseEvent(event, data.toString(), id));
    }
    data = null;
    event = null;
    id = null;
  }
}
