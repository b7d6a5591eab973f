package dev.gantry.policies.routing;

import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ModelAlias;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Active health: every deployment of an alias with {@code routing.probe_interval} is probed that
 * often with its provider's cheapest check ({@code ProviderAdapter.probe}); the outcome counts in
 * the deployment's breaker like a real call, so a dead deployment opens its breaker without
 * clients paying for it, and an open breaker's half-open trial can be a probe. While a breaker is
 * open and waiting, no probe is sent.
 */
public final class Probes {

  private final Supplier<ModelCatalog> catalog;
  private final DeploymentStates states;
  private final Timers timers;
  private final Clock clock;
  private final Map<String, Long> scheduled = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  public Probes(Supplier<ModelCatalog> catalog, DeploymentStates states, Timers timers,
      Clock clock) {
    this.catalog = catalog;
    this.states = states;
    this.timers = timers;
    this.clock = clock;
  }

  /** Schedules each deployment's probes (a deployment in several aliases is probed once). */
  public void start() {
    Set<String> seen = new HashSet<>();
    for (ModelAlias alias : catalog.get().aliases()) {
      Duration every = alias.routing().probeInterval();
      if (every == null) {
        continue;
      }
      for (Route route : catalog.get().routes(alias.name())) {
        if (seen.add(route.deploymentLabel())) {
          schedule(route, every);
        }
      }
    }
  }

  public void stop() {
    stopped = true;
    scheduled.values().forEach(timers::cancel);
    scheduled.clear();
  }

  private void schedule(Route route, Duration every) {
    if (!stopped) {
      scheduled.put(route.deploymentLabel(), timers.set(every.toMillis(),
          () -> probe(route, every)));
    }
  }

  private void probe(Route route, Duration every) {
    if (stopped) {
      return;
    }
    DeploymentState state = states.of(route.deploymentLabel());
    if (!state.tryAcquire()) {
      schedule(route, every);
      return;
    }
    long started = clock.millis();
    io.vertx.core.Future<Void> check;
    try {
      check = route.adapter().probe(route.deployment().model());
    } catch (RuntimeException e) {
      check = io.vertx.core.Future.failedFuture(e);
    }
    check.onComplete(ar -> {
      long millis = clock.millis() - started;
      if (ar.succeeded()) {
        state.onSuccess(millis, false, true);
      } else {
        state.onFailure(millis, GatewayException.from(ar.cause()), true);
      }
      state.release();
      schedule(route, every);
    });
  }
}
