package dev.gantry.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The response cache (config {@code cache}): off unless enabled; where answers are kept, how much,
 * for how long by default, and whose answers a request may see.
 *
 * @param redisUrl {@code redis://host:port[/db]} for {@link Store#REDIS}, else null
 * @param maxBytes for {@link Store#MEMORY}: the bytes of answers held before the least useful go
 * @param ttl how long an answer is kept unless its alias says otherwise
 * @param anyTemperature cache requests whatever their temperature (by default only those asking
 *     for temperature 0, whose answers are meant to repeat)
 * @param timeout how long a lookup may wait for Redis before it counts as a miss
 * @param hitsCountTokens whether an answer served from the cache counts its tokens against rate
 *     limits like a provider's answer (by default a hit counts as a request only)
 */
public record CacheSettings(boolean enabled, Store store, String redisUrl, long maxBytes,
    Duration ttl, Scope scope, boolean anyTemperature, Duration timeout,
    boolean hitsCountTokens) {

  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

  /** No cache. */
  public static final CacheSettings OFF = new CacheSettings(false, Store.MEMORY, null,
      DEFAULT_MAX_BYTES, DEFAULT_TTL, Scope.TEAM, false, DEFAULT_TIMEOUT);

  /** Hits count as requests only. */
  public CacheSettings(boolean enabled, Store store, String redisUrl, long maxBytes, Duration ttl,
      Scope scope, boolean anyTemperature, Duration timeout) {
    this(enabled, store, redisUrl, maxBytes, ttl, scope, anyTemperature, timeout, false);
  }

  /** Where answers are kept. */
  public enum Store { MEMORY, REDIS }

  /**
   * Whose answers a request may be served: its key's own, its team's (a key without a team: its
   * own), or everyone's.
   */
  public enum Scope { KEY, TEAM, GLOBAL }

  public CacheSettings {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(scope, "scope");
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if ((store == Store.REDIS) != (redisUrl != null)) {
      throw new IllegalArgumentException("a Redis cache, and only it, has a URL");
    }
  }
}
