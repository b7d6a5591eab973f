package dev.gantry.adapters.stream;

import java.util.function.Consumer;

/**
 * Maps a provider's frames to 0..n canonical items, holding whatever state the provider's protocol
 * needs (tool-call indexes, the role already sent). One instance per stream. An error frame is
 * thrown as a {@link dev.gantry.adapters.spi.GatewayException}.
 *
 * @param <F> the frame type
 * @param <T> the canonical item type
 */
public interface StreamDecoder<F, T> {

  void decode(F frame, Consumer<T> sink);

  /** The stream ended normally: emit any closing items (e.g. usage held back). */
  default void end(Consumer<T> sink) {}
}
