package dev.gantry.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How one alias uses the response cache (config {@code models[i].cache}); null fields follow the
 * top-level {@code cache} section.
 *
 * @param enabled false keeps this alias's answers out of the cache; null: as configured globally
 * @param ttl how long its answers are kept; null: the global {@code cache.ttl}
 * @param semantic the semantic cache of its chat requests, or null for exact matches only
 */
public record CachePolicy(Boolean enabled, Duration ttl, Semantic semantic) {

  /** As configured globally. */
  public static final CachePolicy INHERIT = new CachePolicy(null, null, null);

  /** A policy with exact matches only. */
  public CachePolicy(Boolean enabled, Duration ttl) {
    this(enabled, ttl, null);
  }

  /** Whether the alias is cached, given the global settings. */
  public boolean enabled(CacheSettings global) {
    return global.enabled() && (enabled == null || enabled);
  }

  /** How long the alias's answers are kept, given the global settings. */
  public Duration ttl(CacheSettings global) {
    return ttl == null ? global.ttl() : ttl;
  }

  /**
   * The semantic cache ({@code models[i].cache.semantic}): a chat request that misses the exact
   * cache is answered with the answer of an earlier request whose last user turn is similar
   * enough and whose everything else (system prompt, earlier turns, tools, parameters) is equal.
   *
   * @param threshold the least cosine similarity of the two last user turns' embeddings, in
   *     (0, 1]
   * @param embeddingModel the embeddings alias that embeds them
   */
  public record Semantic(double threshold, String embeddingModel) {

    /** The similarity asked for by default: high, since a wrong answer costs more than a miss. */
    public static final double DEFAULT_THRESHOLD = 0.95;
    /** The in-process embedding model's alias ({@code providers: [{type: local}]}). */
    public static final String DEFAULT_EMBEDDING_MODEL = "local-embed";

    public Semantic {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
      }
      Objects.requireNonNull(embeddingModel, "embeddingModel");
    }
  }
}
