package dev.gantry.policies.routing;

import dev.gantry.config.ModelAlias;
import dev.gantry.config.Routing;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of every deployment, by label ({@code provider/model}): one breaker and one set of
 * averages per deployment, whichever aliases share it (the first alias naming it sets its breaker).
 */
public final class DeploymentStates {

  /** Replaced whole on each (rare) add, so reads never lock; in the order deployments came. */
  private volatile Map<String, DeploymentState> byLabel = Map.of();
  private final Clock clock;

  public DeploymentStates(List<ModelAlias> aliases, Clock clock) {
    this.clock = clock;
    aliases.forEach(this::add);
  }

  /**
   * Adds the states of an alias's deployments (one added while running, such as a fine-tuned
   * model); deployments already known keep their state.
   */
  public synchronized void add(ModelAlias alias) {
    Map<String, DeploymentState> states = new LinkedHashMap<>(byLabel);
    Routing routing = alias.routing();
    alias.deployments().forEach(d -> states.computeIfAbsent(d.label(), label ->
        new DeploymentState(label, routing.breaker(), routing.latencyHalfLife(), clock)));
    byLabel = Collections.unmodifiableMap(states);
  }

  /** The deployment's state; it must belong to an alias given at construction or added. */
  public DeploymentState of(String label) {
    DeploymentState state = byLabel.get(label);
    if (state == null) {
      throw new IllegalArgumentException("unknown deployment " + label);
    }
    return state;
  }

  public Collection<DeploymentState> all() {
    return byLabel.values();
  }
}
