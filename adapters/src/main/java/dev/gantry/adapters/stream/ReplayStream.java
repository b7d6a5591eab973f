package dev.gantry.adapters.stream;

import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Items already in hand served as an {@link UpstreamStream}: for an upstream call that answers
 * whole (an API that does not stream) while the client asked for a stream. Items are delivered on
 * {@code context}, never from inside the call that set the handler, honouring pause, resume and
 * fetch; {@link #cancel()} drops what is left without ending.
 */
public final class ReplayStream<T> implements UpstreamStream<T> {

  private final Context context;
  private final Deque<T> items;
  private Handler<T> handler;
  private Handler<Void> endHandler;
  private long demand = Long.MAX_VALUE;
  private boolean scheduled;
  private boolean finished;

  public ReplayStream(Context context, List<T> items) {
    this.context = context;
    this.items = new ArrayDeque<>(items);
  }

  @Override
  public ReplayStream<T> handler(Handler<T> value) {
    this.handler = value;
    schedule();
    return this;
  }

  @Override
  public ReplayStream<T> exceptionHandler(Handler<Throwable> value) {
    return this; // nothing can fail: the items are already here
  }

  @Override
  public ReplayStream<T> endHandler(Handler<Void> value) {
    this.endHandler = value;
    schedule();
    return this;
  }

  @Override
  public ReplayStream<T> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ReplayStream<T> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReplayStream<T> fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    schedule();
    return this;
  }

  @Override
  public void cancel() {
    finished = true;
    items.clear();
  }

  private void schedule() {
    if (!scheduled && !finished && handler != null) {
      scheduled = true;
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    scheduled = false;
    while (!finished && handler != null && demand > 0 && !items.isEmpty()) {
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      handler.handle(items.poll());
    }
    if (!finished && handler != null && items.isEmpty()) {
      finished = true;
      if (endHandler != null) {
        endHandler.handle(null);
      }
    }
  }
}
