package dev.gantry.store;

import dev.gantry.config.Limits;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A virtual key as stored: its spec, never the key itself, only its SHA-256.
 *
 * @param id stable identifier (usage rows name it)
 * @param keyPrefix the key's first 8 characters, for display
 * @param keyHash lower-case hex SHA-256 of the key
 * @param revokedAt when it was revoked, or null
 * @param version the change counter value of its last change ({@link KeyStore#changedSince})
 */
public record StoredKey(String id, String name, String keyPrefix, String keyHash, String team,
    List<String> models, Limits limits, Budget budget, Instant expiresAt, Instant revokedAt,
    Map<String, String> metadata, Instant createdAt, Instant updatedAt, long version) {

  public StoredKey {
    models = List.copyOf(models);
    metadata = Map.copyOf(metadata);
  }

  /** True when it is neither revoked nor expired at {@code now}. */
  public boolean usableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  /** Whether it may call {@code alias}. */
  public boolean allows(String alias) {
    return models.isEmpty() || models.contains(alias);
  }
}
