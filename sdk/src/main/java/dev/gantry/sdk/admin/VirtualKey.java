package dev.gantry.sdk.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gantry.sdk.GantryHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A virtual key as the admin API shows it: its spec and state, never the key itself (only its
 * first characters).
 *
 * @param id its stable id, for update, rotate and revoke
 * @param name its unique name (usage is grouped by it)
 * @param keyPrefix the key's first 8 characters ({@code gk-...}), to recognize it
 * @param team its team, or null
 * @param models the aliases it may call; empty means every alias
 * @param limits its own rate limits
 * @param expiresAt when it stops working, or null for never
 * @param revokedAt when it was revoked, or null
 * @param createdAt when it was created
 * @param budget its spending cap, or null
 * @param metadata its labels
 * @param headers the answer's headers (empty for keys inside a list)
 */
public record VirtualKey(String id, String name, String keyPrefix, String team,
    List<String> models, Limits limits, Instant expiresAt, Instant revokedAt, Instant createdAt,
    Budget budget, Map<String, String> metadata, @JsonIgnore GantryHeaders headers) {

  /** Copies the collections; replaces missing values with empty ones. */
  public VirtualKey {
    models = models == null ? List.of() : List.copyOf(models);
    limits = limits == null ? Limits.none() : limits;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    headers = headers == null ? GantryHeaders.empty() : headers;
  }

  /** Whether it was revoked (for good: a revoked key cannot be rotated). */
  @JsonIgnore
  public boolean isRevoked() {
    return revokedAt != null;
  }

  /** Its spec, to change a field and send back whole: {@code key.toSpec().toBuilder()...}. */
  public KeySpec toSpec() {
    return new KeySpec(name, team, models, limits, budget, expiresAt, metadata);
  }

  VirtualKey withHeaders(GantryHeaders headers) {
    return new VirtualKey(id, name, keyPrefix, team, models, limits, expiresAt, revokedAt,
        createdAt, budget, metadata, headers);
  }
}
