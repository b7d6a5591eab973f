package dev.gantry.sdk.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;

/**
 * The response cache ({@code GET /admin/v1/cache}). Counts are -1 where a shared store cannot tell
 * them cheaply.
 *
 * @param store {@code memory} or {@code redis}
 * @param scope whose answers may serve whom: {@code key}, {@code team} or {@code global}
 * @param ttlSeconds the default time an answer is kept
 * @param entries answers held
 * @param bytes their size
 * @param evictions answers evicted for room
 * @param semantic whether an alias has a semantic cache
 * @param headers the answer's headers
 */
public record CacheStats(String store, String scope, long ttlSeconds, long entries, long bytes,
    long evictions, boolean semantic, @JsonIgnore GantryHeaders headers) {

  /** Replaces missing headers with none. */
  public CacheStats {
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  CacheStats withHeaders(GantryHeaders headers) {
    return new CacheStats(store, scope, ttlSeconds, entries, bytes, evictions, semantic, headers);
  }
}
