package dev.gantry.policies.cache;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Objects;

/**
 * The vectors of a semantic cache: for each scope ({@link CacheKeys#semanticScope}, which pins
 * namespace, alias and everything of a request but its last user turn), the embeddings of earlier
 * last user turns, each pointing at the exact-cache key of the answer it got. A lookup finds the
 * nearest earlier turn by cosine similarity; the answer itself stays in the {@link ResponseCache}.
 *
 * <p>Vectors are L2-normalized on add and on query, so cosine similarity is their dot product. A
 * zero (or non-finite) vector has no direction: it is not added, and a query with it finds
 * nothing. Only vectors of the query's dimension are compared, so a scope may hold vectors of an
 * old and a new embedding model side by side without ever comparing them.
 *
 * <p>Two stores: {@link MemorySemanticIndex} in this process and {@link RedisSemanticIndex}
 * shared by every gateway. Every operation is non-blocking; a store that cannot answer fails the
 * future, and callers treat that as a miss.
 */
public interface SemanticIndex {

  /**
   * The entry of {@code scope} nearest to {@code vector} whose cosine similarity is at least
   * {@code threshold} and whose TTL has not passed, or null.
   */
  Future<Match> nearest(CacheKey scope, float[] vector, double threshold);

  /**
   * Adds {@code vector} to {@code scope} for {@code ttl}, pointing at {@code answerKey}, which
   * must be in the scope's namespace and alias. A scope holding its store's maximum drops its
   * oldest entry.
   *
   * @throws IllegalArgumentException when {@code ttl} is not positive, or {@code answerKey} is
   *     of another namespace or alias than {@code scope}
   */
  Future<Void> add(CacheKey scope, float[] vector, CacheKey answerKey, Duration ttl);

  /**
   * Removes the entries of a namespace, of an alias, or of an alias in a namespace.
   *
   * @param namespace null for every namespace
   * @param alias null for every alias
   * @return how many entries (vectors) were removed, expired ones not yet dropped included
   */
  Future<Long> purge(String namespace, String alias);

  Future<Void> close();

  /**
   * The entry a lookup found.
   *
   * @param answerKey the exact-cache key of the answer stored with the vector
   * @param similarity its cosine similarity to the query, in [-1, 1]
   */
  record Match(CacheKey answerKey, double similarity) {

    public Match {
      Objects.requireNonNull(answerKey, "answerKey");
    }
  }
}
