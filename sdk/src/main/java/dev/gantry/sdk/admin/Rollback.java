package dev.gantry.sdk.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;

/**
 * The answer of {@code POST /admin/v1/routing/rollback}: the restored routing, saved as a new
 * version.
 *
 * @param version the new version
 * @param rollbackOf the version whose routing it restored
 * @param headers the answer's headers
 */
public record Rollback(long version, long rollbackOf, @JsonIgnore GantryHeaders headers) {

  /** Replaces missing headers with none. */
  public Rollback {
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  Rollback withHeaders(GantryHeaders headers) {
    return new Rollback(version, rollbackOf, headers);
  }
}
