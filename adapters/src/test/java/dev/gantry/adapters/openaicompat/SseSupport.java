package dev.gantry.adapters.openaicompat;

import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.SseFramer;
import dev.gantry.adapters.stream.StreamDecoder;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs recorded SSE bytes through a fresh framer and decoder, cut into chosen pieces. */
public final class SseSupport {

  private SseSupport() {}

  public static <T> List<T> decodeWhole(byte[] bytes, StreamDecoder<SseEvent, T> decoder) {
    return decode(bytes, new int[0], decoder);
  }

  /** Feeds {@code bytes} cut at the given ascending offsets, then ends the stream. */
  public static <T> List<T> decode(byte[] bytes, int[] cuts, StreamDecoder<SseEvent, T> decoder) {
    SseFramer framer = new SseFramer();
    List<T> out = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      framer.feed(Buffer.buffer(Arrays.copyOfRange(bytes, from, cut)),
          frame -> decoder.decode(frame, out::add));
      from = cut;
    }
    framer.feed(Buffer.buffer(Arrays.copyOfRange(bytes, from, bytes.length)),
        frame -> decoder.decode(frame, out::add));
    framer.end(frame -> decoder.decode(frame, out::add));
    decoder.end(out::add);
    return out;
  }
}
