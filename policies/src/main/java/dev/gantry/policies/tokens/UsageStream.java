package dev.gantry.policies.tokens;

import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.UpstreamStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider stream that always ends with usage: items pass through as they come (flow control
 * stays the provider's); when the provider ends without having reported usage, the usage counted
 * from what was generated is delivered as one more item, then the end.
 *
 * @param <T> the item type (chat chunks, completion chunks)
 */
final class UsageStream<T> implements UpstreamStream<T> {

  private static final Logger LOG = LoggerFactory.getLogger(UsageStream.class);

  private final UpstreamStream<T> upstream;
  private final Predicate<T> reportsUsage;
  private final BiConsumer<T, StringBuilder> generated;
  private final Function<String, Future<Usage>> counting;
  private final Function<Usage, T> usageItem;
  private final StringBuilder text = new StringBuilder();
  private boolean usageSeen;
  private Handler<T> handler;

  /**
   * @param counting the usage of a stream that generated the given text
   */
  UsageStream(UpstreamStream<T> upstream, Predicate<T> reportsUsage,
      BiConsumer<T, StringBuilder> generated, Function<String, Future<Usage>> counting,
      Function<Usage, T> usageItem) {
    this.upstream = upstream;
    this.reportsUsage = reportsUsage;
    this.generated = generated;
    this.counting = counting;
    this.usageItem = usageItem;
  }

  @Override
  public UsageStream<T> handler(Handler<T> value) {
    this.handler = value;
    upstream.handler(value == null ? null : item -> {
      if (reportsUsage.test(item)) {
        usageSeen = true;
      } else if (!usageSeen) {
        generated.accept(item, text);
      }
      handler.handle(item);
    });
    return this;
  }

  @Override
  public UsageStream<T> exceptionHandler(Handler<Throwable> value) {
    upstream.exceptionHandler(value);
    return this;
  }

  @Override
  public UsageStream<T> endHandler(Handler<Void> end) {
    upstream.endHandler(end == null ? null : v -> {
      if (usageSeen) {
        end.handle(null);
        return;
      }
      counting.apply(text.toString()).onComplete(counted -> {
        if (counted.succeeded() && handler != null) {
          handler.handle(usageItem.apply(counted.result()));
        } else if (counted.failed()) {
          LOG.warn("Counting a stream's tokens failed; it ends without usage", counted.cause());
        }
        end.handle(null);
      });
    });
    return this;
  }

  @Override
  public UsageStream<T> pause() {
    upstream.pause();
    return this;
  }

  @Override
  public UsageStream<T> resume() {
    upstream.resume();
    return this;
  }

  @Override
  public UsageStream<T> fetch(long amount) {
    upstream.fetch(amount);
    return this;
  }

  @Override
  public void cancel() {
    upstream.cancel();
  }
}
