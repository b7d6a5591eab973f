package dev.gantry.adapters.stream;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Server-sent events per the WHATWG grammar: any line ending, one optional space after the colon
 * ({@code data:x} and {@code data: x} both occur, e.g. TGI), comment lines ignored, multi-line data
 * joined with {@code \n}, an event dispatched at a blank line (or at the end of input).
 *
 * <p>{@link #withBareJson()} also keeps lines that are no SSE field: Google's streams
 * ({@code alt=sse}) end a failed answer with a bare, pretty-printed JSON error object after the
 * events, which the grammar would silently drop. Those lines are joined and dispatched as the data
 * of one more event, for the decoder to read as the error it is.
 */
public final class SseFramer implements Framer<SseEvent> {

  private final LineSplitter lines = new LineSplitter();
  private final boolean keepBare;
  private String event;
  private String id;
  private StringBuilder data;
  private StringBuilder bare;

  /** The WHATWG grammar: lines that are no field are ignored. */
  public SseFramer() {
    this(false);
  }

  private SseFramer(boolean keepBare) {
    this.keepBare = keepBare;
  }

  /** A framer that also dispatches bare (non-field) lines as one event's data. */
  public static SseFramer withBareJson() {
    return new SseFramer(true);
  }

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
      case "retry":
        break;
      default:
        if (keepBare) {
          (bare == null ? bare = new StringBuilder() : bare.append('\n')).append(line);
        }
        break;
    }
  }

  private void dispatch(Consumer<SseEvent> sink) {
    if (data != null) {
      sink.accept(new SseEvent(event, data.toString(), id));
    }
    if (bare != null) {
      sink.accept(new SseEvent(null, bare.toString(), null));
    }
    data = null;
    bare = null;
    event = null;
    id = null;
  }
}
