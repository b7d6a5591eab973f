package dev.gantry.store;

import dev.gantry.config.Limits;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a virtual key is: given to {@link KeyStore#create} and, whole, to {@link KeyStore#update}.
 *
 * @param name unique among keys
 * @param team the team it belongs to (must exist), or null
 * @param models the aliases it may call; empty means every alias
 * @param limits its own rate limits
 * @param budget its spending cap, or null
 * @param expiresAt when it stops working, or null for never
 * @param metadata free-form labels (owner, ticket...), stored as JSON
 */
public record KeySpec(String name, String team, List<String> models, Limits limits, Budget budget,
    Instant expiresAt, Map<String, String> metadata) {

  public KeySpec {
    models = models == null ? List.of() : List.copyOf(models);
    limits = limits == null ? Limits.NONE : limits;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A key with only a name: every alias, no team, limits, budget or expiry. */
  public static KeySpec named(String name) {
    return new KeySpec(name, null, List.of(), Limits.NONE, null, null, Map.of());
  }
}
