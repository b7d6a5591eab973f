package dev.gantry.policies.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which deployments failed recently. A retryable failure (unreachable, 5xx, upstream 429, timeout)
 * puts a deployment in cool-down; a success takes it out. Shared by all event loops.
 */
public final class DeploymentHealth {

  private final Clock clock;
  private final Duration coolDown;
  private final ConcurrentMap<String, Long> failedUntil = new ConcurrentHashMap<>();

  public DeploymentHealth(Clock clock, Duration coolDown) {
    this.clock = clock;
    this.coolDown = coolDown;
  }

  public boolean healthy(String deployment) {
    Long until = failedUntil.get(deployment);
    return until == null || clock.millis() >= until;
  }

  public void onSuccess(String deployment) {
    failedUntil.remove(deployment);
  }

  public void onRetryableFailure(String deployment) {
    failedUntil.put(deployment, clock.millis() + coolDown.toMillis());
  }
}
