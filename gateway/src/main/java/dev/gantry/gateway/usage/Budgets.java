package dev.gantry.gateway.usage;

import dev.gantry.store.Budget;
import dev.gantry.store.Dimension;
import java.util.Optional;

/**
 * Where {@link EnforceBudget} finds caps: the budget of a key or a team, by name. The gateway
 * answers from the state store's keys and teams as last polled ({@code StoredKeys}); tests give a
 * map.
 */
@FunctionalInterface
public interface Budgets {

  /** The cap of the key or team ({@code level}) named {@code name}, if it has one. */
  Optional<Budget> of(Dimension level, String name);
}
