package dev.gantry.policies.cache;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Semantic-cache vectors in Redis, shared by every gateway pointed at it, searched on the
 * gateway: the documented alternative to RediSearch's vector index, which plain Redis lacks
 * ({@code redis-cli MODULE LIST} prints nothing without the {@code search} module; the Redis 7.0
 * this was built against has none).
 *
 * <p>One list per scope, under {@code <prefix><namespace>\n<alias>\n<scope hash>} (escaped as
 * {@link RedisKeys} does; default prefix {@value #DEFAULT_PREFIX}), newest entry first. Each entry
 * is one binary value, little-endian: expiry (epoch millis, int64), the answer hash's length
 * (uint16) and UTF-8 bytes, then the unit vector as float32s. An {@link #add} is one round trip,
 * a script that pushes the entry, trims the list to {@code maxPerScope} (the oldest drop out) and
 * extends the list's own expiry to the entry's TTL when that is later, so the list lives as long
 * as its longest-lived entry. A {@link #nearest} is one round trip, {@code LRANGE} of the whole
 * list, then an exact scan here that skips expired entries and other dimensions, as in
 * {@link MemorySemanticIndex}; entries' expiries are read on the given {@link Clock}, so the
 * gateways' clocks should agree to within the TTLs' precision.
 *
 * <p>The trade-off: every lookup transfers the whole scope (at most {@code maxPerScope} entries,
 * about 1.6 KB each at 384 dimensions: 1.6 MB for a full scope of the default 1,000) and scores it
 * on the calling thread (about half a millisecond for a full scope, as measured for
 * {@link MemorySemanticIndex}, plus parsing the reply). A throwaway loop (not JMH) on the 2-core
 * build machine measured 4 to 6 ms per lookup of a full default scope against a local Redis,
 * round trip included. A scope pins a context (system prompt, earlier turns, tools, parameters),
 * so most hold far fewer; a deployment with very full scopes should lower the cap, or use a Redis
 * with vector search. Expired entries stay in a list until trimmed or the list expires.
 *
 * <p>{@link #purge} walks keys with {@code SCAN MATCH} as {@link RedisResponseCache#purge} does,
 * and removes each page with a script that counts the lists' entries and unlinks them. Each round
 * trip waits at most {@code timeout}; a call not answered in time, or failed, fails its future
 * (callers treat that as a miss) and is counted in {@link #unanswered()}, with a warning logged at
 * most every {@value #WARN_EVERY_SECONDS} s.
 */
public final class RedisSemanticIndex implements SemanticIndex {

  public static final String DEFAULT_PREFIX = "gantry:semantic:";
  /** The most entries a scope holds by default; an add beyond it drops the oldest. */
  public static final int DEFAULT_MAX_PER_SCOPE = MemorySemanticIndex.DEFAULT_MAX_PER_SCOPE;

  /** Push, trim to ARGV[2] entries, and extend the list's expiry to ARGV[3] ms if later. */
  static final String ADD_SCRIPT = "redis.call('LPUSH', KEYS[1], ARGV[1]) "
      + "redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1) "
      + "if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then "
      + "redis.call('PEXPIRE', KEYS[1], ARGV[3]) end "
      + "return 1";
  /** The entries of every list named, then the lists unlinked. */
  static final String PURGE_SCRIPT = "local n = 0 "
      + "for _, k in ipairs(KEYS) do n = n + redis.call('LLEN', k) redis.call('UNLINK', k) end "
      + "return n";

  private static final int HEADER_BYTES = Long.BYTES + Short.BYTES;

  private final RedisCalls redis;
  private final RedisKeys keys;
  private final int maxPerScope;
  private final Clock clock;

  /** An index under {@value #DEFAULT_PREFIX}, with the cache's default timeout and cap. */
  public RedisSemanticIndex(Redis redis) {
    this(redis, DEFAULT_PREFIX, RedisResponseCache.DEFAULT_TIMEOUT, DEFAULT_MAX_PER_SCOPE,
        Clock.systemUTC());
  }

  /**
   * @param redis the client, which {@link #close()} closes (see {@link RedisResponseCache#options})
   * @param prefix put before each key
   * @param timeout how long each round trip may wait for Redis before its call fails
   * @param maxPerScope the most entries one scope holds (at least 1)
   * @param clock the clock entries' expiries are written and read on
   */
  public RedisSemanticIndex(Redis redis, String prefix, Duration timeout, int maxPerScope,
      Clock clock) {
    this.redis = new RedisCalls(redis, "redis-semantic", timeout);
    this.keys = new RedisKeys(prefix);
    if (maxPerScope < 1) {
      throw new IllegalArgumentException("maxPerScope must be positive: " + maxPerScope);
    }
    this.maxPerScope = maxPerScope;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Future<Match> nearest(CacheKey scope, float[] vector, double threshold) {
    Vectors.checkThreshold(threshold);
    float[] query = Vectors.normalize(vector);
    if (query == null) {
      return Future.succeededFuture();
    }
    return redis.send(Request.cmd(Command.LRANGE).arg(keys.key(scope)).arg(0).arg(maxPerScope - 1))
        .map(list -> best(scope, list, query, threshold));
  }

  @Override
  public Future<Void> add(CacheKey scope, float[] vector, CacheKey answerKey, Duration ttl) {
    Vectors.checkAdd(scope, answerKey, ttl);
    float[] unit = Vectors.normalize(vector);
    if (unit == null) {
      return Future.succeededFuture();
    }
    long ttlMillis = pxMillis(ttl);
    byte[] entry = encode(unit, answerKey.hash(), saturatedAdd(clock.millis(), ttlMillis));
    return redis.send(Request.cmd(Command.EVAL).arg(ADD_SCRIPT).arg(1).arg(keys.key(scope))
        .arg(entry).arg(maxPerScope).arg(ttlMillis)).mapEmpty();
  }

  /**
   * Removes the matching lists page by page; the count is their entries, expired ones included.
   * Each round trip has its own timeout; when one fails, the pages before it stay removed.
   */
  @Override
  public Future<Long> purge(String namespace, String alias) {
    return redis.purge(keys.pattern(namespace, alias), page -> {
      Request script = Request.cmd(Command.EVAL).arg(PURGE_SCRIPT).arg(page.size());
      page.forEach(k -> script.arg(k.toBytes()));
      return script;
    });
  }

  @Override
  public Future<Void> close() {
    return redis.close();
  }

  /** How many round trips failed or were not answered in time. */
  public long unanswered() {
    return redis.unanswered();
  }

  /** One entry's bytes: see the class. */
  static byte[] encode(float[] unit, String answerHash, long expiresAtMillis) {
    byte[] hash = answerHash.getBytes(StandardCharsets.UTF_8);
    if (hash.length > 0xFFFF) {
      throw new IllegalArgumentException("the answer hash is too long: " + hash.length);
    }
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + hash.length + 4 * unit.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(expiresAtMillis).putShort((short) hash.length).put(hash);
    for (float x : unit) {
      b.putFloat(x);
    }
    return b.array();
  }

  /** The best live entry of the query's dimension at or above the threshold, or null. */
  private Match best(CacheKey scope, Response list, float[] query, double threshold) {
    if (list == null) {
      return null;
    }
    long now = clock.millis();
    ByteBuffer bestEntry = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Response item : list) {
      ByteBuffer b = ByteBuffer.wrap(item.toBytes()).order(ByteOrder.LITTLE_ENDIAN);
      if (b.remaining() < HEADER_BYTES || b.getLong(0) <= now) {
        continue;
      }
      int hashLength = Short.toUnsignedInt(b.getShort(Long.BYTES));
      int vectorBytes = b.remaining() - HEADER_BYTES - hashLength;
      if (vectorBytes != 4 * query.length) {
        continue;
      }
      double score = Vectors.dot(query, b.position(HEADER_BYTES + hashLength));
      if (score >= threshold && score > bestScore) {
        bestEntry = b;
        bestScore = score;
      }
    }
    if (bestEntry == null) {
      return null;
    }
    int hashLength = Short.toUnsignedInt(bestEntry.getShort(Long.BYTES));
    String hash = new String(bestEntry.array(), HEADER_BYTES, hashLength, StandardCharsets.UTF_8);
    return new Match(new CacheKey(scope.namespace(), scope.alias(), hash), bestScore);
  }

  /** The TTL in whole milliseconds, rounded up (at least 1). */
  private static long pxMillis(Duration ttl) {
    long millis = ttl.compareTo(Duration.ofMillis(Long.MAX_VALUE / 4)) >= 0
        ? Long.MAX_VALUE / 4 : ttl.toMillis();
    return ttl.minusMillis(millis).isZero() || millis == Long.MAX_VALUE / 4 ? millis : millis + 1;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
