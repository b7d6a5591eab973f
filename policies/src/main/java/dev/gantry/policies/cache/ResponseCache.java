package dev.gantry.policies.cache;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Where cached answers are kept: in this process ({@link MemoryResponseCache}) or shared by every
 * gateway ({@link RedisResponseCache}). Values are opaque bytes (a serialized answer); the store
 * bounds itself (memory by bytes, Redis by TTLs and its own eviction policy). Every operation is
 * non-blocking; a store that cannot answer fails the future, and callers treat that as a miss.
 */
public interface ResponseCache {

  /** The value stored under {@code key} and not expired, or null. */
  Future<byte[]> get(CacheKey key);

  /**
   * Stores {@code value} under {@code key} for {@code ttl}, replacing what was there. A value
   * longer than the store's maximum is not stored, and what the key held is removed.
   *
   * @throws IllegalArgumentException when {@code ttl} is not positive
   */
  Future<Void> put(CacheKey key, byte[] value, Duration ttl);

  /**
   * Removes the entries of a namespace, of an alias, or of an alias in a namespace.
   *
   * @param namespace null for every namespace
   * @param alias null for every alias
   * @return how many entries were removed
   */
  Future<Long> purge(String namespace, String alias);

  /** Sizes and evictions so far (for metrics and the admin API). */
  Stats stats();

  Future<Void> close();

  /**
   * @param entries entries held (-1 when the store cannot tell cheaply)
   * @param bytes bytes held: values plus any per-entry overhead the store counts (-1 when the
   *     store cannot tell cheaply)
   * @param evictions entries dropped to stay within bounds (not expiries or purges)
   */
  record Stats(long entries, long bytes, long evictions) {}
}
