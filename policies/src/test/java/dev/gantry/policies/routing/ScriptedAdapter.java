package dev.gantry.policies.routing;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.Invocation;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An adapter answering each deployment model from a script, synchronously: a whole answer, an
 * error, or a stream (items, then an end, an error, or silence). Records every call.
 */
final class ScriptedAdapter implements ProviderAdapter {

  final List<String> calls = new ArrayList<>();
  final List<ScriptedStream> streams = new ArrayList<>();
  private final Map<String, Deque<Supplier<Object>>> scripts = new HashMap<>();

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  /** What the next call to {@code model} gets; when the script runs out, the last step repeats. */
  ScriptedAdapter then(String model, Supplier<Object> step) {
    scripts.computeIfAbsent(model, m -> new ArrayDeque<>()).add(step);
    return this;
  }

  /** Forgets the rest of {@code model}'s script: from now on it answers. */
  ScriptedAdapter recovers(String model) {
    scripts.remove(model);
    return answers(model);
  }

  ScriptedAdapter answers(String model) {
    return then(model, () -> answer(model));
  }

  ScriptedAdapter fails(String model, GatewayException e) {
    return then(model, () -> e);
  }

  static ChatResponse answer(String text) {
    return new ChatResponse(List.of(new ChatResponse.Choice(0, Message.assistant(text), null, null,
        FinishReason.STOP, null)), Usage.of(1, 1), null);
  }

  private Object next(String model) {
    calls.add(model);
    Deque<Supplier<Object>> script = scripts.get(model);
    if (script == null || script.isEmpty()) {
      throw new IllegalStateException("no script for " + model);
    }
    return (script.size() > 1 ? script.poll() : script.peek()).get();
  }

  @Override
  public Future<ChatResponse> chat(Invocation<ChatRequest> call) {
    Object step = next(call.upstreamModel());
    return step instanceof GatewayException ? Future.failedFuture((GatewayException) step)
        : Future.succeededFuture((ChatResponse) step);
  }

  @Override
  public Future<UpstreamStream<ChatChunk>> streamChat(Invocation<ChatRequest> call) {
    Object step = next(call.upstreamModel());
    if (step instanceof GatewayException) {
      return Future.failedFuture((GatewayException) step);
    }
    ScriptedStream stream = (ScriptedStream) step;
    streams.add(stream);
    return Future.succeededFuture(stream);
  }

  /** A stream of chunks delivered synchronously while not paused, then its ending. */
  static final class ScriptedStream implements UpstreamStream<ChatChunk> {
    private final List<ChatChunk> items;
    private final GatewayException failure;
    private final boolean silentAtEnd;
    private int next;
    private boolean paused = true;
    private boolean done;
    boolean cancelled;
    private Handler<ChatChunk> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;

    /**
     * @param failure thrown after the items, or null
     * @param silentAtEnd neither ends nor fails after the items (a stalled provider)
     */
    ScriptedStream(List<ChatChunk> items, GatewayException failure, boolean silentAtEnd) {
      this.items = items;
      this.failure = failure;
      this.silentAtEnd = silentAtEnd;
    }

    static ScriptedStream of(String... texts) {
      List<ChatChunk> items = new ArrayList<>();
      items.add(ChatChunk.of(ChatChunk.Delta.role(0)));
      for (String t : texts) {
        items.add(ChatChunk.of(ChatChunk.Delta.text(0, t)));
      }
      items.add(ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.STOP)));
      return new ScriptedStream(items, null, false);
    }

    private void pump() {
      while (!paused && !done && !cancelled && handler != null && next < items.size()) {
        handler.handle(items.get(next++));
      }
      if (!paused && !done && !cancelled && handler != null && next == items.size()
          && !silentAtEnd) {
        done = true;
        if (failure != null) {
          exceptionHandler.handle(failure);
        } else if (endHandler != null) {
          endHandler.handle(null);
        }
      }
    }

    @Override
    public ScriptedStream handler(Handler<ChatChunk> value) {
      handler = value;
      return this;
    }

    @Override
    public ScriptedStream exceptionHandler(Handler<Throwable> value) {
      exceptionHandler = value;
      return this;
    }

    @Override
    public ScriptedStream endHandler(Handler<Void> value) {
      endHandler = value;
      return this;
    }

    @Override
    public ScriptedStream pause() {
      paused = true;
      return this;
    }

    @Override
    public ScriptedStream resume() {
      paused = false;
      pump();
      return this;
    }

    @Override
    public ScriptedStream fetch(long amount) {
      return resume();
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }
}
