package dev.gantry.adapters.stream;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into frames, whatever the chunk boundaries. One instance per stream.
 *
 * @param <F> the frame type
 */
public interface Framer<F> {

  /** Consumes one chunk of bytes, emitting every frame it completes. */
  void feed(Buffer chunk, Consumer<F> sink);

  /** The input ended: emits a last frame that had no terminator, if any. */
  void end(Consumer<F> sink);
}
