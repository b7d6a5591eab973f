package dev.gantry.policies.pipeline;

import dev.gantry.adapters.spi.UpstreamStream;

/** How an exchange ended: a whole response, or an open stream the surface drains to the client. */
public sealed interface Outcome {

  static Outcome completed(Object response) {
    return new Completed(response);
  }

  static Outcome streaming(UpstreamStream<?> stream) {
    return new Streaming(stream);
  }

  /** A complete canonical response (ChatResponse, EmbeddingResponse, ...). */
  record Completed(Object response) implements Outcome {}

  /** A stream of canonical items (ChatChunk or CompletionResponse chunks). */
  record Streaming(UpstreamStream<?> stream) implements Outcome {}
}
