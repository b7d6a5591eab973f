package dev.gantry.policies.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * Semantic-cache vectors in this process: per scope, a list of entries searched exhaustively
 * (flat, exact), inside a Caffeine cache bounded by the bytes of all vectors held.
 *
 * <p>Flat rather than HNSW: a scope pins the system prompt, earlier turns, tools and parameters,
 * so it holds only the questions asked in one context, few compared with an index over a whole
 * corpus; and it is capped at {@code maxPerScope} entries (default {@value #DEFAULT_MAX_PER_SCOPE},
 * the oldest dropped). A lookup costs O(n·d): a full scope of 1,000 entries of 384 dimensions is
 * about 0.4 M multiply-adds, measured at about 0.45 ms per lookup (after JIT warm-up, by a
 * throwaway loop on the 2-core build machine, not a JMH run), which is acceptable on the calling
 * thread (an event loop) at the default cap; a cap of several thousand entries, or larger
 * vectors, should move lookups to a worker. Flat search is exact, needs no build or rebalancing,
 * and removes entries simply; an approximate graph index only pays off far above the cap.
 *
 * <p>Each scope's list is an immutable snapshot replaced on each add ({@code compute}), newest
 * first, so lookups never lock, and Caffeine re-weighs the scope at each add: its weight is its
 * vectors' bytes plus {@link #ENTRY_OVERHEAD} and the answer hash per entry. When the weights
 * pass {@code maxBytes}, whole scopes least likely to be used again are evicted. Each entry
 * expires on its own TTL, measured on the given {@link Ticker}: lookups skip expired entries, an
 * add drops them, and the scope expires with its last entry. Caffeine's maintenance runs on the
 * calling thread, as in {@link MemoryResponseCache}; every method returns a completed future.
 */
public final class MemorySemanticIndex implements SemanticIndex {

  /** The most entries a scope holds by default; an add beyond it drops the oldest. */
  public static final int DEFAULT_MAX_PER_SCOPE = 1_000;
  /** A default bound on the vectors held: 64 MiB (about 40,000 vectors of 384 dimensions). */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;
  /** Bytes counted per entry beside its vector and answer hash. */
  static final int ENTRY_OVERHEAD = 64;

  private final Cache<CacheKey, Scope> scopes;
  private final int maxPerScope;
  private final Ticker ticker;

  /** An index of at most {@code maxBytes}, {@link #DEFAULT_MAX_PER_SCOPE} entries per scope. */
  public MemorySemanticIndex(long maxBytes) {
    this(maxBytes, DEFAULT_MAX_PER_SCOPE, Ticker.systemTicker());
  }

  /**
   * @param maxBytes the bound on the weights of all scopes
   * @param maxPerScope the most entries one scope holds (at least 1)
   * @param ticker the clock TTLs are measured on (tests move their own)
   */
  public MemorySemanticIndex(long maxBytes, int maxPerScope, Ticker ticker) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    if (maxPerScope < 1) {
      throw new IllegalArgumentException("maxPerScope must be positive: " + maxPerScope);
    }
    this.maxPerScope = maxPerScope;
    this.ticker = ticker;
    this.scopes = Caffeine.newBuilder()
        .executor(Runnable::run)
        .ticker(ticker)
        .maximumWeight(maxBytes)
        .weigher((CacheKey scope, Scope s) -> s.weight())
        .expireAfter(new UntilLastEntryExpires())
        .build();
  }

  @Override
  public Future<Match> nearest(CacheKey scope, float[] vector, double threshold) {
    Vectors.checkThreshold(threshold);
    float[] query = Vectors.normalize(vector);
    Scope s = scopes.getIfPresent(scope);
    if (query == null || s == null) {
      return Future.succeededFuture();
    }
    long now = ticker.read();
    Entry best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Entry e : s.entries()) {
      if (e.vector().length != query.length || e.expiresAt() - now <= 0) {
        continue;
      }
      double score = Vectors.dot(query, e.vector());
      if (score >= threshold && score > bestScore) {
        best = e;
        bestScore = score;
      }
    }
    return Future.succeededFuture(best == null ? null : new Match(best.answerKey(), bestScore));
  }

  @Override
  public Future<Void> add(CacheKey scope, float[] vector, CacheKey answerKey, Duration ttl) {
    Vectors.checkAdd(scope, answerKey, ttl);
    float[] unit = Vectors.normalize(vector);
    if (unit == null) {
      return Future.succeededFuture();
    }
    long now = ticker.read();
    long ttlNanos = ttl.compareTo(Duration.ofNanos(Long.MAX_VALUE / 2)) >= 0
        ? Long.MAX_VALUE / 2 : ttl.toNanos();
    Entry entry = new Entry(unit, answerKey, now + ttlNanos);
    scopes.asMap().compute(scope, (k, old) -> Scope.with(old, entry, now, maxPerScope));
    return Future.succeededFuture();
  }

  /** Removes the matching scopes one by one, as {@link MemoryResponseCache#purge} does. */
  @Override
  public Future<Long> purge(String namespace, String alias) {
    ConcurrentMap<CacheKey, Scope> map = scopes.asMap();
    long removed = 0;
    for (Map.Entry<CacheKey, Scope> e : map.entrySet()) {
      CacheKey k = e.getKey();
      if ((namespace == null || namespace.equals(k.namespace()))
          && (alias == null || alias.equals(k.alias()))
          && map.remove(k, e.getValue())) {
        removed += e.getValue().entries().size();
      }
    }
    return Future.succeededFuture(removed);
  }

  @Override
  public Future<Void> close() {
    scopes.invalidateAll();
    return Future.succeededFuture();
  }

  /** The weights of all scopes as Caffeine last counted them (tests check the bound). */
  long weightedSize() {
    scopes.cleanUp();
    return scopes.policy().eviction().map(e -> e.weightedSize().orElse(-1)).orElse(-1L);
  }

  /** One vector, unit length, the answer it points at, and when it expires (ticker nanos). */
  private record Entry(float[] vector, CacheKey answerKey, long expiresAt) {

    int weight() {
      return ENTRY_OVERHEAD + 4 * vector.length + answerKey.hash().length();
    }
  }

  /**
   * A scope's entries, newest first, none expired when it was made.
   *
   * @param expiresAt when its last entry expires
   */
  private record Scope(List<Entry> entries, int weight, long expiresAt) {

    /** {@code old}'s live entries after {@code entry}, at most {@code max} of them. */
    static Scope with(Scope old, Entry entry, long now, int max) {
      List<Entry> kept = new ArrayList<>(old == null ? 1 : Math.min(max, old.entries().size() + 1));
      kept.add(entry);
      if (old != null) {
        for (Entry e : old.entries()) {
          if (kept.size() == max) {
            break;
          }
          if (e.expiresAt() - now > 0) {
            kept.add(e);
          }
        }
      }
      long weight = 0;
      long expiresAt = entry.expiresAt();
      for (Entry e : kept) {
        weight += e.weight();
        if (e.expiresAt() - expiresAt > 0) {
          expiresAt = e.expiresAt();
        }
      }
      return new Scope(List.copyOf(kept), (int) Math.min(Integer.MAX_VALUE, weight), expiresAt);
    }
  }

  /** A scope lives until its last entry expires; reads leave it as is. */
  private static final class UntilLastEntryExpires implements Expiry<CacheKey, Scope> {

    @Override
    public long expireAfterCreate(CacheKey key, Scope scope, long currentTime) {
      return Math.max(0, scope.expiresAt() - currentTime);
    }

    @Override
    public long expireAfterUpdate(CacheKey key, Scope scope, long currentTime,
        long currentDuration) {
      return Math.max(0, scope.expiresAt() - currentTime);
    }

    @Override
    public long expireAfterRead(CacheKey key, Scope scope, long currentTime,
        long currentDuration) {
      return currentDuration;
    }
  }
}
