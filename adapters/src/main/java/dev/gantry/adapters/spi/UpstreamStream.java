package dev.gantry.adapters.spi;

import io.vertx.core.streams.ReadStream;

/**
 * A provider's response stream, decoded into canonical items. Pausing it pauses the read from the
 * provider's socket (backpressure); {@link #cancel()} aborts the upstream request, for a client that
 * went away. A provider error inside the stream reaches the exception handler as a
 * {@link GatewayException}.
 */
public interface UpstreamStream<T> extends ReadStream<T> {

  /** Aborts the upstream request; no more items or end will be delivered. Idempotent. */
  void cancel();
}
