package dev.gantry.policies.limits;

import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Handler;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A stream that, once over, says what it used: the last usage it carried when it ended; when it
 * failed or was cancelled before that, no usage but the text generated until then (what the
 * provider bills for a stream cut short). Told exactly once; items and flow control pass through.
 */
final class SettlingStream<T> implements UpstreamStream<T> {

  private final UpstreamStream<T> upstream;
  private final Function<T, Usage> usageOf;
  private final BiConsumer<T, StringBuilder> generatedOf;
  private final BiConsumer<Usage, String> settle;
  private final StringBuilder generated = new StringBuilder();
  private Usage usage;
  private boolean settled;

  /**
   * @param generatedOf appends the text an item generated
   * @param settle told (usage, null) at the end, (null, text generated so far) otherwise
   */
  SettlingStream(UpstreamStream<T> upstream, Function<T, Usage> usageOf,
      BiConsumer<T, StringBuilder> generatedOf, BiConsumer<Usage, String> settle) {
    this.upstream = upstream;
    this.usageOf = usageOf;
    this.generatedOf = generatedOf;
    this.settle = settle;
  }

  private void settle(boolean ended) {
    if (!settled) {
      settled = true;
      if (ended && usage != null) {
        settle.accept(usage, null);
      } else {
        settle.accept(null, generated.toString());
      }
    }
  }

  @Override
  public SettlingStream<T> handler(Handler<T> handler) {
    upstream.handler(handler == null ? null : item -> {
      Usage u = usageOf.apply(item);
      if (u != null) {
        usage = u;
      }
      if (!settled) {
        generatedOf.accept(item, generated);
      }
      handler.handle(item);
    });
    return this;
  }

  @Override
  public SettlingStream<T> exceptionHandler(Handler<Throwable> handler) {
    upstream.exceptionHandler(t -> {
      settle(false);
      if (handler != null) {
        handler.handle(t);
      }
    });
    return this;
  }

  @Override
  public SettlingStream<T> endHandler(Handler<Void> handler) {
    upstream.endHandler(v -> {
      settle(true);
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
    settle(false);
  }
}
