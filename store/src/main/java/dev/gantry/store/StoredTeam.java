package dev.gantry.store;

import dev.gantry.config.Limits;
import java.time.Instant;
import java.util.Map;

/**
 * A team as stored.
 *
 * @param version the change counter value of its last change ({@link TeamStore#changedSince})
 */
public record StoredTeam(String name, Limits limits, Budget budget, Map<String, String> metadata,
    Instant createdAt, Instant updatedAt, long version) {

  public StoredTeam {
    metadata = Map.copyOf(metadata);
  }
}
