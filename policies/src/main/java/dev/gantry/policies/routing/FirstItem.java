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
 * delivered first. Flow control passes through to the provider. A started stream that goes quiet
 * for longer than the idle limit (while the client is reading), or outlasts the request's
 * deadline, is cancelled and ends with an {@code upstream_timeout} error.
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

  private final Timers timers;
  private final long idleMillis;
  private long idleTimer = -1;
  private long totalTimer = -1;

  private FirstItem(UpstreamStream<T> upstream, Consumer<Throwable> finished, Timers timers,
      long idleMillis) {
    this.upstream = upstream;
    this.finished = finished;
    this.timers = timers;
    this.idleMillis = idleMillis;
    Context current = Vertx.currentContext();
    this.context = current;
  }

  /**
   * Starts the stream and completes with it once the first item arrived (or it ended empty);
   * fails when it failed first or, after {@code timeoutMillis} (0 for none), with an
   * {@code upstream_timeout} — the provider's request then cancelled.
   *
   * @param idleMillis once started, the longest gap between items while the client reads
   * @param totalMillis the time left until the request's deadline
   * @param finished told once, after the first item, when the stream ends (null), fails or is
   *     cancelled (the cause)
   * @param onClientGone registers what to do when the client goes away: the stream is cancelled
   *     and, while the first item is awaited, the wait fails
   */
  static <T> Future<UpstreamStream<T>> await(UpstreamStream<T> upstream, long timeoutMillis,
      long idleMillis, long totalMillis, Timers timers, Consumer<Throwable> finished,
      Consumer<Runnable> onClientGone) {
    FirstItem<T> peek = new FirstItem<>(upstream, finished, timers, idleMillis);
    onClientGone.accept(peek::abandon);
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
      if (ar.succeeded()) {
        peek.totalTimer = timers.set(Math.max(1, totalMillis), () -> peek.expire(
            "The answer did not complete before the request's time limit."));
      }
    });
  }

  private void armIdle() {
    disarmIdle();
    if (!done && idleMillis > 0) {
      idleTimer = timers.set(idleMillis, () -> expire("The deployment sent nothing for "
          + idleMillis + " ms in the middle of its answer."));
    }
  }

  private void disarmIdle() {
    if (idleTimer >= 0) {
      timers.cancel(idleTimer);
      idleTimer = -1;
    }
  }

  /** A started stream ran out of time: cancel it and tell the client. */
  private void expire(String message) {
    if (done) {
      return;
    }
    upstream.cancel();
    GatewayException e = new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, message);
    finish(e);
    if (exceptionHandler != null) {
      exceptionHandler.handle(e);
    }
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
    if (!paused) {
      armIdle();
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
      disarmIdle();
      if (totalTimer >= 0) {
        timers.cancel(totalTimer);
      }
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
        armIdle();
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
    disarmIdle();
    upstream.pause();
    return this;
  }

  @Override
  public FirstItem<T> resume() {
    paused = false;
    if (held.isEmpty() && !endedEarly) {
      if (ready.future().isComplete()) {
        armIdle();
      }
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

  /** The client went away: before the first item, the wait fails; after it, as {@link #cancel}. */
  private void abandon() {
    if (ready.tryFail(new GatewayException(ErrorKind.UPSTREAM_ERROR,
        "The client went away before the first token."))) {
      upstream.cancel();
    } else {
      cancel();
    }
  }
}
