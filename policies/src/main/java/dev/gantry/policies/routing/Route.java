package dev.gantry.policies.routing;

import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.Deployment;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ProviderSettings;
import java.time.Duration;

/** The chosen target of one call: the alias, the deployment, its provider and adapter. */
public record Route(ModelAlias alias, Deployment deployment, ProviderSettings provider,
    ProviderAdapter adapter, Duration timeout) {

  /** A stable label for metrics and headers: {@code provider/model}. */
  public String deploymentLabel() {
    return deployment.label();
  }

  /** The same route with a shorter time limit (what is left of the request's deadline). */
  public Route withTimeout(Duration value) {
    return new Route(alias, deployment, provider, adapter, value);
  }
}
