package dev.gantry.policies.routing;

import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * Holds a provider stream until its first item: until then a failure (an error event, a broken
 * connection, no first item in time) is still the provider's alone and the request can go to
 * another deployment; once the first item is in hand the stream is the client's, the held item
 * delivered first. Flow control passes through to the provider.
 *
 * @param <T> the item type
 */
final class FirstItem<T> implements UpstreamStream<T> {

  private final UpstreamStream<T> upstream;
  private final Promise<UpstreamStream<T>> ready = Promise.promise();
  private final Context context;
  private final Consumer<Throwable> finished;
  /** Items in hand not yet given to the client: the first, and any cut from the same read. */
  private final java.util.ArrayDeque<T> held = new java.util.ArrayDeque<>();
  private boolean endedEarly;
  private boolean paused;
  private boolean done;
  private Handler<T> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  private FirstItem(UpstreamStream<T> upstream, Consumer<Throwable> finished) {
    this.upstream = upstream;
    this.finished = finished;
    Context current = Vertx.currentContext();
    this.context = current;
  }

  /**
   * Starts the stream and completes with it once the first item arrived (or it ended empty);
   * fails when it failed first or, after {@code timeoutMillis} (0 for none), with an
   * {@code upstream_timeout} — the provider's request then cancelled.
   *
   * @param finished told once, after the first item, when the stream ends (null), fails or is
   *     cancelled (the cause)
   */
  static <T> Future<UpstreamStream<T>> await(UpstreamStream<T> upstream, long timeoutMillis,
      Timers timers, Consumer<Throwable> finished) {
    FirstItem<T> peek = new FirstItem<>(upstream, finished);
    long timer = timeoutMillis <= 0 ? -1 : timers.set(timeoutMillis, () -> {
      if (peek.ready.tryFail(new GatewayException(ErrorKind.UPSTREAM_TIMEOUT,
          "The deployment sent no first token within " + timeoutMillis + " ms."))) {
        upstream.cancel();
      }
    });
    upstream.exceptionHandler(peek::onError);
    upstream.endHandler(v -> peek.onEnd());
    upstream.handler(peek::onItem);
    upstream.resume();
    return peek.ready.future().andThen(ar -> {
      if (timer >= 0) {
        timers.cancel(timer);
      }
    });
  }

  private void onItem(T item) {
    if (!ready.future().isComplete()) {
      held.add(item);
      upstream.pause();
      ready.tryComplete(this);
      return;
    }
    if (!held.isEmpty() || handler == null) {
      held.add(item);
      return;
    }
    handler.handle(item);
  }

  private void onError(Throwable t) {
    if (ready.tryFail(t)) {
      return;
    }
    finish(t);
    if (exceptionHandler != null) {
      exceptionHandler.handle(t);
    }
  }

  private void onEnd() {
    if (!ready.future().isComplete()) {
      endedEarly = true;
      ready.tryComplete(this);
      return;
    }
    if (!held.isEmpty() || handler == null) {
      endedEarly = true;
      return;
    }
    finish(null);
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  private void finish(Throwable cause) {
    if (!done) {
      done = true;
      finished.accept(cause);
    }
  }

  @Override
  public FirstItem<T> handler(Handler<T> value) {
    this.handler = value;
    if (value != null && (!held.isEmpty() || endedEarly)) {
      deliverHeld();
    }
    return this;
  }

  /**
   * On the next turn: the held items in order (while the client is not paused), then the end if
   * it came, else the provider resumes.
   */
  private void deliverHeld() {
    Runnable deliver = () -> {
      if (done || handler == null) {
        return;
      }
      while (!held.isEmpty() && !paused) {
        handler.handle(held.poll());
      }
      if (!held.isEmpty()) {
        return;
      }
      if (endedEarly) {
        finish(null);
        if (endHandler != null) {
          endHandler.handle(null);
        }
      } else if (!paused) {
        upstream.resume();
      }
    };
    if (context != null) {
      context.runOnContext(v -> deliver.run());
    } else {
      deliver.run();
    }
  }

  @Override
  public FirstItem<T> exceptionHandler(Handler<Throwable> value) {
    this.exceptionHandler = value;
    return this;
  }

  @Override
  public FirstItem<T> endHandler(Handler<Void> value) {
    this.endHandler = value;
    return this;
  }

  @Override
  public FirstItem<T> pause() {
    paused = true;
    upstream.pause();
    return this;
  }

  @Override
  public FirstItem<T> resume() {
    paused = false;
    if (held.isEmpty() && !endedEarly) {
      upstream.resume();
    } else if (handler != null) {
      deliverHeld();
    }
    return this;
  }

  @Override
  public FirstItem<T> fetch(long amount) {
    return resume();
  }

  @Override
  public void cancel() {
    upstream.cancel();
    finish(new GatewayException(ErrorKind.UPSTREAM_ERROR, "The client went away."));
  }
}
