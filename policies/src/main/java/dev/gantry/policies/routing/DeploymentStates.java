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

  private final Map<String, DeploymentState> byLabel;

  public DeploymentStates(List<ModelAlias> aliases, Clock clock) {
    Map<String, DeploymentState> states = new LinkedHashMap<>();
    for (ModelAlias alias : aliases) {
      Routing routing = alias.routing();
      alias.deployments().forEach(d -> states.computeIfAbsent(d.label(), label ->
          new DeploymentState(label, routing.breaker(), routing.latencyHalfLife(), clock)));
    }
    this.byLabel = Collections.unmodifiableMap(states);
  }

  /** The deployment's state; it must belong to the configuration given at construction. */
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
