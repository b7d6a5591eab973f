package dev.gantry.policies.cache;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * A stream that keeps a copy of its chunks and hands them over once it ended intact: every
 * choice it opened finished ({@link #chatIntact}, {@link #completionIntact}), nothing failed,
 * nobody cancelled it. A stream that breaks or is abandoned, or grows past {@code maxChunks},
 * hands over nothing. Items and flow control pass through untouched.
 *
 * @param <T> the chunk type: {@link ChatChunk}, or {@link CompletionResponse} for completions
 */
final class RecordingStream<T> implements UpstreamStream<T> {

  private final UpstreamStream<T> upstream;
  private final Predicate<List<T>> intact;
  private final Consumer<List<T>> complete;
  private final int maxChunks;
  private List<T> chunks = new ArrayList<>();

  /**
   * @param intact whether the chunks of a stream that ended tell a whole answer
   * @param complete given the chunks of a stream that ended intact
   */
  RecordingStream(UpstreamStream<T> upstream, int maxChunks, Predicate<List<T>> intact,
      Consumer<List<T>> complete) {
    this.upstream = upstream;
    this.maxChunks = maxChunks;
    this.intact = intact;
    this.complete = complete;
  }

  /** A chat stream's recorder. */
  static RecordingStream<ChatChunk> chat(UpstreamStream<ChatChunk> upstream, int maxChunks,
      Consumer<List<ChatChunk>> complete) {
    return new RecordingStream<>(upstream, maxChunks, RecordingStream::chatIntact, complete);
  }

  /** A legacy completion stream's recorder. */
  static RecordingStream<CompletionResponse> completion(UpstreamStream<CompletionResponse> upstream,
      int maxChunks, Consumer<List<CompletionResponse>> complete) {
    return new RecordingStream<>(upstream, maxChunks, RecordingStream::completionIntact,
        complete);
  }

  @Override
  public RecordingStream<T> handler(Handler<T> handler) {
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
  public RecordingStream<T> exceptionHandler(Handler<Throwable> handler) {
    upstream.exceptionHandler(t -> {
      chunks = null;
      if (handler != null) {
        handler.handle(t);
      }
    });
    return this;
  }

  @Override
  public RecordingStream<T> endHandler(Handler<Void> handler) {
    upstream.endHandler(v -> {
      List<T> recorded = chunks;
      chunks = null;
      if (recorded != null && intact.test(recorded)) {
        complete.accept(List.copyOf(recorded));
      }
      if (handler != null) {
        handler.handle(null);
      }
    });
    return this;
  }

  /** Every choice that appeared has a finish reason: the terminal event of each arrived. */
  static boolean chatIntact(List<ChatChunk> chunks) {
    return allFinished(chunks, ChatChunk::choices, ChatChunk.Delta::index,
        d -> d.finishReason() != null);
  }

  /** As {@link #chatIntact}, for legacy completion chunks. */
  static boolean completionIntact(List<CompletionResponse> chunks) {
    return allFinished(chunks, CompletionResponse::choices, CompletionResponse.Choice::index,
        c -> c.finishReason() != null);
  }

  private static <T, C> boolean allFinished(List<T> chunks, Function<T, List<C>> choicesOf,
      ToIntFunction<C> index, Predicate<C> finishes) {
    Set<Integer> open = new HashSet<>();
    Set<Integer> finished = new HashSet<>();
    for (T chunk : chunks) {
      for (C choice : choicesOf.apply(chunk)) {
        open.add(index.applyAsInt(choice));
        if (finishes.test(choice)) {
          finished.add(index.applyAsInt(choice));
        }
      }
    }
    return !open.isEmpty() && finished.containsAll(open);
  }

  @Override
  public RecordingStream<T> pause() {
    upstream.pause();
    return this;
  }

  @Override
  public RecordingStream<T> resume() {
    upstream.resume();
    return this;
  }

  @Override
  public RecordingStream<T> fetch(long amount) {
    upstream.fetch(amount);
    return this;
  }

  @Override
  public void cancel() {
    chunks = null;
    upstream.cancel();
  }
}
