package dev.gantry.policies.limits;

import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Handler;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A stream that, once over, says what it used: the last usage it carried when it ended, or null
 * when it failed or was cancelled before that. Told exactly once; items and flow control pass
 * through.
 */
final class SettlingStream<T> implements UpstreamStream<T> {

  private final UpstreamStream<T> upstream;
  private final Function<T, Usage> usageOf;
  private final Consumer<Usage> settle;
  private Usage usage;
  private boolean settled;

  SettlingStream(UpstreamStream<T> upstream, Function<T, Usage> usageOf, Consumer<Usage> settle) {
    this.upstream = upstream;
    this.usageOf = usageOf;
    this.settle = settle;
  }

  private void settle(Usage value) {
    if (!settled) {
      settled = true;
      settle.accept(value);
    }
  }

  @Override
  public SettlingStream<T> handler(Handler<T> handler) {
    upstream.handler(handler == null ? null : item -> {
      Usage u = usageOf.apply(item);
      if (u != null) {
        usage = u;
      }
      handler.handle(item);
    });
    return this;
  }

  @Override
  public SettlingStream<T> exceptionHandler(Handler<Throwable> handler) {
    upstream.exceptionHandler(t -> {
      settle(null);
      if (handler != null) {
        handler.handle(t);
      }
    });
    return this;
  }

  @Override
  public SettlingStream<T> endHandler(Handler<Void> handler) {
    upstream.endHandler(v -> {
      settle(usage);
      if (handler != null) {
        handler.handle(null);
      }
    });
    return this;
  }

  @Override
  public SettlingStream<T> pause() {
    upstream.pause();
    return this;
  }

  @Override
  public SettlingStream<T> resume() {
    upstream.resume();
    return this;
  }

  @Override
  public SettlingStream<T> fetch(long amount) {
    upstream.fetch(amount);
    return this;
  }

  @Override
  public void cancel() {
    upstream.cancel();
    settle(null);
  }
}
