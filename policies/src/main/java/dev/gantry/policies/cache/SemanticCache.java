package dev.gantry.policies.cache;

import dev.gantry.config.CachePolicy;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic half of the response cache: the last user turn of a chat request that missed the
 * exact cache is embedded with the alias's embedding model, and the nearest earlier turn of the
 * same {@linkplain CacheKeys#semanticScope scope} (same namespace, alias, system prompt, earlier
 * turns, tools and parameters) at or above the alias's threshold gives the exact-cache key of the
 * answer to serve. After a miss, the fresh answer's key is added under the same vector, so the
 * embedding is computed once per request.
 *
 * <p>Nothing here fails a request: an embedding model or an index that cannot answer makes a
 * probe without a match (a miss), and a failed add loses only that vector.
 */
public final class SemanticCache {

  private static final Logger LOG = LoggerFactory.getLogger(SemanticCache.class);

  private final SemanticIndex index;
  private final Embedder embedder;

  /** Embeds one text with an embeddings alias. */
  @FunctionalInterface
  public interface Embedder {
    /**
     * The embedding of {@code text} by {@code alias}; fails when the alias cannot answer.
     *
     * @param requestId the id of the request the embedding is for, passed on to the provider
     */
    Future<float[]> embed(String alias, String text, String requestId);
  }

  /**
   * What a lookup found.
   *
   * @param scope the request's scope
   * @param vector the last user turn's embedding, or null when it could not be computed
   * @param match the nearest earlier turn above the threshold, or null
   */
  public record Probe(CacheKey scope, float[] vector, SemanticIndex.Match match) {}

  public SemanticCache(SemanticIndex index, Embedder embedder) {
    this.index = Objects.requireNonNull(index, "index");
    this.embedder = Objects.requireNonNull(embedder, "embedder");
  }

  /** Embeds {@code text} and finds its nearest neighbour in {@code scope}; never fails. */
  public Future<Probe> probe(CacheKey scope, CachePolicy.Semantic policy, String text,
      String requestId) {
    Future<float[]> embedded;
    try {
      embedded = embedder.embed(policy.embeddingModel(), text, requestId);
    } catch (RuntimeException e) {
      embedded = Future.failedFuture(e);
    }
    return embedded.recover(e -> {
      LOG.debug("semantic cache: embedding with {} failed, served as a miss: {}",
          policy.embeddingModel(), e.toString());
      return Future.succeededFuture();
    }).compose(vector -> vector == null
        ? Future.succeededFuture(new Probe(scope, null, null))
        : index.nearest(scope, vector, policy.threshold())
            .recover(e -> {
              LOG.debug("semantic cache: index lookup failed, served as a miss: {}",
                  e.toString());
              return Future.succeededFuture();
            })
            .map(match -> new Probe(scope, vector, match)));
  }

  /** Adds the probe's vector to its scope, pointing at the answer now stored under {@code key}. */
  public void remember(Probe probe, CacheKey key, Duration ttl) {
    if (probe.vector() == null) {
      return;
    }
    index.add(probe.scope(), probe.vector(), key, ttl).onFailure(e ->
        LOG.debug("semantic cache: index add failed, vector dropped: {}", e.toString()));
  }

  /** Removes the vectors of a namespace, an alias, or both (null for every one). */
  public Future<Long> purge(String namespace, String alias) {
    return index.purge(namespace, alias);
  }

  public Future<Void> close() {
    return index.close();
  }
}
