package dev.gantry.policies.cache;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The round trips the Redis stores of the cache share: each within a timeout, failures counted
 * and logged at most every {@value #WARN_EVERY_SECONDS} s (a cache that cannot answer is a miss,
 * not an error), and purges that {@code SCAN} a pattern page by page.
 */
final class RedisCalls {

  /** Keys asked of each {@code SCAN} step. */
  static final int SCAN_COUNT = 500;

  private static final Logger LOG = LoggerFactory.getLogger(RedisCalls.class);
  private static final long WARN_EVERY_SECONDS = 5;
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(WARN_EVERY_SECONDS);

  private final Redis redis;
  private final String store;
  private final long timeoutMillis;
  private final AtomicLong unanswered = new AtomicLong();
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  /**
   * @param store how log lines name the store ({@code redis}, {@code redis-semantic})
   * @param timeout how long each round trip may wait for Redis before its call fails
   */
  RedisCalls(Redis redis, String store, Duration timeout) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.store = store;
    this.timeoutMillis = timeout.toMillis();
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("the timeout must be at least 1 ms");
    }
  }

  /** One round trip within the timeout; a failure is counted and logged, then passed on. */
  Future<Response> send(Request request) {
    return redis.send(request).timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .recover(this::unanswered);
  }

  /**
   * Removes what matches {@code pattern}, one {@code SCAN} page at a time: {@code remove} makes
   * the request that removes a page's keys and answers how many entries went. Each round trip
   * has its own timeout; when one fails, the pages before it stay removed.
   */
  Future<Long> purge(String pattern, Function<Response, Request> remove) {
    return purgeFrom("0", pattern, remove, 0);
  }

  private Future<Long> purgeFrom(String cursor, String pattern,
      Function<Response, Request> remove, long removed) {
    return send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern)
        .arg("COUNT").arg(SCAN_COUNT)).compose(page -> {
          String next = page.get(0).toString();
          Response found = page.get(1);
          Future<Long> gone = found.size() == 0 ? Future.succeededFuture(0L)
              : send(remove.apply(found)).map(Response::toLong);
          return gone.compose(n -> "0".equals(next) ? Future.succeededFuture(removed + n)
              : purgeFrom(next, pattern, remove, removed + n));
        });
  }

  /** How many round trips failed or were not answered in time. */
  long unanswered() {
    return unanswered.get();
  }

  Future<Void> close() {
    return redis.close();
  }

  private <T> Future<T> unanswered(Throwable failure) {
    long count = unanswered.incrementAndGet();
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
      LOG.warn("cache={} outcome=miss unanswered_total={} error=\"{}\"", store, count,
          failure.toString());
    }
    return Future.failedFuture(failure);
  }
}
