package dev.gantry.policies.limits;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Where buckets live: in this process, or in Redis when several gateways share the limits. Every
 * operation is atomic across all the buckets it names and, for Redis, one round trip; times are the
 * store's own clock (Redis's for Redis, so gateways need not agree on time).
 */
public interface LimitStore {

  /**
   * Debits every bucket if each has room for its amount (after refilling for the time passed);
   * otherwise debits none and says which bucket lacks room and when it will have it. Debits on
   * the same bucket add up.
   *
   * @throws IllegalArgumentException for a negative amount, or one key named with two definitions
   */
  Future<Admission> reserve(List<Debit> debits);

  /**
   * Applies corrections without checking room: positive amounts charge more (a bucket may go
   * below zero and pays it back as it refills), negative ones refund (never above capacity).
   * Used to reconcile a reservation with the provider's usage, and to release concurrency.
   */
  Future<Void> adjust(List<Debit> corrections);

  /** What each bucket holds now, by key (a bucket never used is full). */
  Future<Map<String, Long>> peek(List<Bucket> buckets);

  /** Releases what the store holds (its Redis client; the buckets in memory). */
  Future<Void> close();
}
