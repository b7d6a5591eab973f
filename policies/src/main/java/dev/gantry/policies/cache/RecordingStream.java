package dev.gantry.policies.cache;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A chat stream that keeps a copy of its chunks and hands them over once it ended intact: every
 * choice it opened finished, nothing failed, nobody cancelled it. A stream that breaks or is
 * abandoned, or grows past {@code maxChunks}, hands over nothing. Items and flow control pass
 * through untouched.
 */
final class RecordingStream implements UpstreamStream<ChatChunk> {

  private final UpstreamStream<ChatChunk> upstream;
  private final Consumer<List<ChatChunk>> complete;
  private final int maxChunks;
  private List<ChatChunk> chunks = new ArrayList<>();

  /**
   * @param complete given the chunks of a stream that ended intact
   */
  RecordingStream(UpstreamStream<ChatChunk> upstream, int maxChunks,
      Consumer<List<ChatChunk>> complete) {
    this.upstream = upstream;
    this.maxChunks = maxChunks;
    this.complete = complete;
  }

  @Override
  public RecordingStream handler(Handler<ChatChunk> handler) {
    upstream.handler(handler == null ? null : chunk -> {
      if (chunks != null) {
        if (chunks.size() < maxChunks) {
          chunks.add(chunk);
        } else {
          chunks = null;
        }
      }
      handler.handle(chunk);
    });
    return this;
  }

  @Override
  public RecordingStream exceptionHandler(Handler<Throwable> handler) {
    upstream.exceptionHandler(t -> {
      chunks = null;
      if (handler != null) {
        handler.handle(t);
      }
    });
    return this;
  }

  @Override
  public RecordingStream endHandler(Handler<Void> handler) {
    upstream.endHandler(v -> {
      List<ChatChunk> recorded = chunks;
      chunks = null;
      if (recorded != null && intact(recorded)) {
        complete.accept(List.copyOf(recorded));
      }
      if (handler != null) {
        handler.handle(null);
      }
    });
    return this;
  }

  /** Every choice that appeared has a finish reason: the terminal event of each arrived. */
  static boolean intact(List<ChatChunk> chunks) {
    java.util.Set<Integer> open = new java.util.HashSet<>();
    java.util.Set<Integer> finished = new java.util.HashSet<>();
    for (ChatChunk chunk : chunks) {
      for (ChatChunk.Delta d : chunk.choices()) {
        open.add(d.index());
        if (d.finishReason() != null) {
          finished.add(d.index());
        }
      }
    }
    return !open.isEmpty() && finished.containsAll(open);
  }

  @Override
  public RecordingStream pause() {
    upstream.pause();
    return this;
  }

  @Override
  public RecordingStream resume() {
    upstream.resume();
    return this;
  }

  @Override
  public RecordingStream fetch(long amount) {
    upstream.fetch(amount);
    return this;
  }

  @Override
  public void cancel() {
    chunks = null;
    upstream.cancel();
  }
}
