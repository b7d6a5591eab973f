package dev.gantry.policies.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers cached in this process (a Caffeine cache): the single-node default. It is bounded by
 * bytes, not entries, since answers range from a few bytes to megabytes: each entry weighs its
 * value's length plus {@link #overhead(CacheKey)} (an estimate of the key and bookkeeping), and
 * the entries least likely to be used again are evicted once the weights pass {@code maxBytes}.
 * A value longer than {@code maxValueBytes} is not stored (one answer must not flush the cache);
 * such a put removes what the key held, so an older answer is never served in its place.
 *
 * <p>Each entry expires on its own TTL, measured on the given {@link Ticker} from its last put
 * (reads do not extend it). Values are copied in and out, so neither side can change the other's.
 *
 * <p>Caffeine's maintenance (draining its buffers, evicting, expiring, the removal listener) runs
 * on the calling thread ({@code executor(Runnable::run)}), not on the common fork-join pool: the
 * work per call is small and amortized (bounded buffer drains, and evictions that each cost a
 * counter increment), it needs no hand-off between threads, and evictions are counted by the time
 * a put returns. Every method returns an already-completed future, so the cache is safe to call
 * from event loops; only {@link #purge} walks every entry (see there).
 */
public final class MemoryResponseCache implements ResponseCache {

  /** A default bound for a gateway's cache: 256 MiB. */
  public static final long DEFAULT_MAX_BYTES = 256L << 20;
  /** The longest value stored by default: 8 MiB. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 8 << 20;
  /** Bytes counted per entry beside its value and key: the entry, key and array headers. */
  static final int ENTRY_OVERHEAD = 128;

  private final Cache<CacheKey, Entry> cache;
  private final long maxBytes;
  private final int maxValueBytes;
  private final LongAdder evictions = new LongAdder();

  /** A cache of at most {@code maxBytes}, values up to {@link #DEFAULT_MAX_VALUE_BYTES}. */
  public MemoryResponseCache(long maxBytes) {
    this(maxBytes, (int) Math.min(DEFAULT_MAX_VALUE_BYTES, maxBytes), Ticker.systemTicker());
  }

  /**
   * @param maxBytes the bound on the weights of all entries (values plus overheads)
   * @param maxValueBytes the longest value stored; at most {@code maxBytes}
   * @param ticker the clock TTLs are measured on (tests move their own)
   */
  public MemoryResponseCache(long maxBytes, int maxValueBytes, Ticker ticker) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    if (maxValueBytes < 0 || maxValueBytes > maxBytes) {
      throw new IllegalArgumentException(
          "maxValueBytes must be between 0 and maxBytes (" + maxBytes + "): " + maxValueBytes);
    }
    this.maxBytes = maxBytes;
    this.maxValueBytes = maxValueBytes;
    this.cache = Caffeine.newBuilder()
        .executor(Runnable::run)
        .ticker(ticker)
        .maximumWeight(maxBytes)
        .weigher(MemoryResponseCache::weigh)
        .expireAfter(new PerEntryTtl())
        .removalListener(this::removed)
        .build();
  }

  @Override
  public Future<byte[]> get(CacheKey key) {
    Entry entry = cache.getIfPresent(key);
    return Future.succeededFuture(entry == null ? null : entry.value().clone());
  }

  /**
   * Stores a copy of {@code value} for {@code ttl} (positive); a value longer than the maximum is
   * not stored, and the key is emptied.
   */
  @Override
  public Future<Void> put(CacheKey key, byte[] value, Duration ttl) {
    long ttlNanos = PerEntryTtl.nanos(ttl);
    if (value.length > maxValueBytes || value.length + overhead(key) > maxBytes) {
      cache.invalidate(key);
    } else {
      cache.put(key, new Entry(value.clone(), ttlNanos));
    }
    return Future.succeededFuture();
  }

  /**
   * Removes the matching entries one by one ({@code ConcurrentMap.remove(key, value)}), walking
   * the cache's map: no lock is held beyond one entry's, and puts during the walk may or may not
   * be removed. The walk takes time in proportion to the number of entries held (not measured
   * yet); callers holding very many entries may run it off the event loop.
   */
  @Override
  public Future<Long> purge(String namespace, String alias) {
    ConcurrentMap<CacheKey, Entry> map = cache.asMap();
    long removed = 0;
    for (Map.Entry<CacheKey, Entry> e : map.entrySet()) {
      CacheKey k = e.getKey();
      if ((namespace == null || namespace.equals(k.namespace()))
          && (alias == null || alias.equals(k.alias()))
          && map.remove(k, e.getValue())) {
        removed++;
      }
    }
    return Future.succeededFuture(removed);
  }

  /**
   * Entries and bytes as Caffeine last counted them (entries may include expired ones not yet
   * swept; bytes are the entries' weights, values plus overheads); evictions counts only entries
   * dropped to stay within {@code maxBytes}.
   */
  @Override
  public Stats stats() {
    long bytes = cache.policy().eviction().map(e -> e.weightedSize().orElse(-1)).orElse(-1L);
    return new Stats(cache.estimatedSize(), bytes, evictions.sum());
  }

  @Override
  public Future<Void> close() {
    cache.invalidateAll();
    return Future.succeededFuture();
  }

  /** Runs Caffeine's pending maintenance now (tests read exact stats after it). */
  void cleanUp() {
    cache.cleanUp();
  }

  /** What an entry weighs beside its value. */
  static int overhead(CacheKey key) {
    return ENTRY_OVERHEAD + key.namespace().length() + key.alias().length() + key.hash().length();
  }

  private static int weigh(CacheKey key, Entry entry) {
    return (int) Math.min(Integer.MAX_VALUE, (long) entry.value().length + overhead(key));
  }

  private void removed(CacheKey key, Entry entry, RemovalCause cause) {
    if (cause == RemovalCause.SIZE) {
      evictions.increment();
    }
  }

  /** A stored value and the TTL it was put with. */
  private record Entry(byte[] value, long ttlNanos) {}

  /** Each entry lives for the TTL of its last put; reads leave it as is. */
  private static final class PerEntryTtl implements Expiry<CacheKey, Entry> {

    static long nanos(Duration ttl) {
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("the TTL must be positive: " + ttl);
      }
      return ttl.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : ttl.toNanos();
    }

    @Override
    public long expireAfterCreate(CacheKey key, Entry entry, long currentTime) {
      return entry.ttlNanos();
    }

    @Override
    public long expireAfterUpdate(CacheKey key, Entry entry, long currentTime,
        long currentDuration) {
      return entry.ttlNanos();
    }

    @Override
    public long expireAfterRead(CacheKey key, Entry entry, long currentTime,
        long currentDuration) {
      return currentDuration;
    }
  }
}
