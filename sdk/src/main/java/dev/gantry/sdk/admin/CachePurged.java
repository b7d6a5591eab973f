package dev.gantry.sdk.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;

/**
 * The answer of a cache purge.
 *
 * @param purged answers removed
 * @param purgedVectors semantic cache vectors removed, or null when no alias has a semantic cache
 * @param headers the answer's headers
 */
public record CachePurged(long purged, Long purgedVectors, @JsonIgnore GantryHeaders headers) {

  /** Replaces missing headers with none. */
  public CachePurged {
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  CachePurged withHeaders(GantryHeaders headers) {
    return new CachePurged(purged, purgedVectors, headers);
  }
}
