package dev.gantry.store;

import dev.gantry.config.Limits;
import java.util.Map;

/**
 * What a team is: given to {@link TeamStore#create} and, whole, to {@link TeamStore#update}.
 *
 * @param name unique, and how keys name the team
 * @param budget the team's spending cap, or null
 */
public record TeamSpec(String name, Limits limits, Budget budget, Map<String, String> metadata) {

  public TeamSpec {
    limits = limits == null ? Limits.NONE : limits;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A team with only a name. */
  public static TeamSpec named(String name) {
    return new TeamSpec(name, Limits.NONE, null, Map.of());
  }
}
