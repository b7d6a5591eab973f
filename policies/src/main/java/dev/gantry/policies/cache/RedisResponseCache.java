package dev.gantry.policies.cache;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;

/**
 * Answers cached in Redis, shared by every gateway pointed at it. One string key per entry,
 * {@code <prefix><namespace>\n<alias>\n<hash>} with each part escaped (see {@link RedisKeys}; the
 * default prefix is {@value #DEFAULT_PREFIX}), holding the value's bytes as they are, written with
 * {@code SET key value PX ttl}: Redis expires each entry on its own TTL (rounded up to whole
 * milliseconds) and evicts under its own {@code maxmemory-policy}. A value longer than
 * {@code maxValueBytes} (default {@value #DEFAULT_MAX_VALUE_BYTES} bytes) is not stored; that put
 * deletes the key instead, so an older answer is never served in its place.
 *
 * <p>{@link #purge} walks the keys with {@code SCAN cursor MATCH pattern COUNT 500} (never
 * {@code KEYS}, which blocks Redis) and deletes each page with {@code UNLINK}; the pattern escapes
 * every glob character of the names. It scans the one node the client talks to: on Redis Cluster
 * it would need each master scanned, which it does not do.
 *
 * <p>Each round trip waits at most {@code timeout} (default 2 s); a call Redis does not answer in
 * time, or that fails, fails its future (callers treat that as a miss) and is counted in
 * {@link #unanswered()}, with a warning logged at most every {@value #WARN_EVERY_SECONDS} s. A put
 * that timed out may still be applied by Redis afterwards. {@link #stats()} cannot tell entries or
 * bytes cheaply (they share Redis with other keys), so it says -1 for both and 0 evictions.
 */
public final class RedisResponseCache implements ResponseCache {

  public static final String DEFAULT_PREFIX = "gantry:cache:";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  /** The longest value stored by default: 8 MiB. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 8 << 20;
  private final RedisCalls redis;
  private final RedisKeys keys;
  private final int maxValueBytes;

  /** A cache under {@value #DEFAULT_PREFIX}, with the default timeout and largest value. */
  public RedisResponseCache(Redis redis) {
    this(redis, DEFAULT_PREFIX, DEFAULT_TIMEOUT, DEFAULT_MAX_VALUE_BYTES);
  }

  /**
   * @param redis the client, which {@link #close()} closes (see {@link #options} for its pool)
   * @param prefix put before each key (on Redis Cluster, no hash tag is needed: one key per call)
   * @param timeout how long each round trip may wait for Redis before its call fails
   * @param maxValueBytes the longest value stored
   */
  public RedisResponseCache(Redis redis, String prefix, Duration timeout, int maxValueBytes) {
    this.redis = new RedisCalls(redis, "redis", timeout);
    this.keys = new RedisKeys(prefix);
    if (maxValueBytes < 0) {
      throw new IllegalArgumentException("maxValueBytes must not be negative: " + maxValueBytes);
    }
    this.maxValueBytes = maxValueBytes;
  }

  /**
   * Client options for a cache: a pool whose waiting queue holds a burst of concurrent lookups
   * (the client's default of 24 waiters would fail the rest, as misses).
   */
  public static RedisOptions options(String connectionString) {
    return new RedisOptions().setConnectionString(connectionString)
        .setMaxPoolSize(8).setMaxPoolWaiting(4096).setMaxWaitingHandlers(4096);
  }

  @Override
  public Future<byte[]> get(CacheKey key) {
    return redis.send(Request.cmd(Command.GET).arg(keys.key(key)))
        .map(reply -> reply == null ? null : reply.toBytes());
  }

  /** Stores {@code value} for {@code ttl} (positive); see the class for values too long. */
  @Override
  public Future<Void> put(CacheKey key, byte[] value, Duration ttl) {
    long millis = pxMillis(ttl);
    if (value.length > maxValueBytes) {
      return redis.send(Request.cmd(Command.UNLINK).arg(keys.key(key))).mapEmpty();
    }
    return redis.send(Request.cmd(Command.SET).arg(keys.key(key)).arg(value).arg("PX").arg(millis))
        .mapEmpty();
  }

  /**
   * Deletes the matching keys page by page; the count is what {@code UNLINK} removed (a key
   * {@code SCAN} returns twice is counted once). Each round trip has its own timeout, so a purge
   * of many keys may take longer than one; when one fails, the pages before it stay deleted.
   */
  @Override
  public Future<Long> purge(String namespace, String alias) {
    return redis.purge(keys.pattern(namespace, alias), page -> {
      Request unlink = Request.cmd(Command.UNLINK);
      page.forEach(k -> unlink.arg(k.toBytes()));
      return unlink;
    });
  }

  /** Entries and bytes are unknown (-1); Redis's own evictions are not counted (0). */
  @Override
  public Stats stats() {
    return new Stats(-1, -1, 0);
  }

  @Override
  public Future<Void> close() {
    return redis.close();
  }

  /** How many round trips failed or were not answered in time. */
  public long unanswered() {
    return redis.unanswered();
  }

  /** The TTL in whole milliseconds, rounded up (Redis's {@code PX} takes at least 1). */
  private static long pxMillis(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the TTL must be positive: " + ttl);
    }
    long millis = ttl.toMillis();
    return ttl.minusMillis(millis).isZero() ? millis : millis + 1;
  }
}
