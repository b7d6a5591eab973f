package dev.gantry.config;

import java.time.Duration;

/**
 * How one alias uses the response cache (config {@code models[i].cache}); null fields follow the
 * top-level {@code cache} section.
 *
 * @param enabled false keeps this alias's answers out of the cache; null: as configured globally
 * @param ttl how long its answers are kept; null: the global {@code cache.ttl}
 */
public record CachePolicy(Boolean enabled, Duration ttl) {

  /** As configured globally. */
  public static final CachePolicy INHERIT = new CachePolicy(null, null);

  /** Whether the alias is cached, given the global settings. */
  public boolean enabled(CacheSettings global) {
    return global.enabled() && (enabled == null || enabled);
  }

  /** How long the alias's answers are kept, given the global settings. */
  public Duration ttl(CacheSettings global) {
    return ttl == null ? global.ttl() : ttl;
  }
}
