package dev.gantry.policies.routing;

import dev.gantry.config.Deployment;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.Price;
import dev.gantry.config.Routing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Puts an alias's serving deployments in the order a request tries them, by the alias's strategy.
 * Candidates with a {@code traffic_percent} take their share first (A/B): a draw picks at most one
 * of them to lead; the others follow the strategy's order, and undrawn candidates come last. Ties
 * are broken at random in proportion to weights, so equal deployments share the load.
 */
public final class Router {

  /** What a request is expected to cost in tokens, for {@code lowest_cost}. */
  public record Estimate(long inputTokens, long outputTokens) {}

  private final DeploymentStates states;
  private final Random random;
  private final ConcurrentMap<String, AtomicLong> turns = new ConcurrentHashMap<>();

  public Router(DeploymentStates states, Random random) {
    this.states = states;
    this.random = random;
  }

  /**
   * @param routes the alias's routes that may serve this request (shadows and excluded ones
   *     already removed)
   * @param stream whether latency means time to first token
   */
  public List<Route> order(ModelAlias alias, List<Route> routes, Estimate estimate,
      boolean stream) {
    List<Route> candidates = new ArrayList<>();
    List<Route> regular = new ArrayList<>();
    for (Route r : routes) {
      (r.deployment().trafficPercent() > 0 ? candidates : regular).add(r);
    }
    List<Route> out = new ArrayList<>(routes.size());
    Route drawn = draw(candidates);
    if (drawn != null) {
      out.add(drawn);
    }
    out.addAll(byStrategy(alias, regular, estimate, stream));
    candidates.stream().filter(r -> r != drawn).forEach(out::add);
    return out;
  }

  private Route draw(List<Route> candidates) {
    if (candidates.isEmpty()) {
      return null;
    }
    double draw = random.nextDouble() * 100;
    double band = 0;
    for (Route r : candidates) {
      band += r.deployment().trafficPercent();
      if (draw < band) {
        return r;
      }
    }
    return null;
  }

  private List<Route> byStrategy(ModelAlias alias, List<Route> routes, Estimate estimate,
      boolean stream) {
    if (routes.size() < 2) {
      return routes;
    }
    Routing routing = alias.routing();
    switch (routing.strategy()) {
      case ROUND_ROBIN:
        return rotated(alias.name(), routes);
      case LEAST_OUTSTANDING:
        return sorted(routes, r -> state(r).inFlight());
      case LOWEST_LATENCY:
        return sorted(routes, r -> state(r).expectedMillis(stream));
      case LOWEST_COST:
        return sorted(routes, r -> cost(r.deployment(), estimate));
      case PRIORITY:
        return sorted(routes, r -> r.deployment().priority());
      default:
        return weightedShuffle(routes);
    }
  }

  private DeploymentState state(Route r) {
    return states.of(r.deployment().label());
  }

  private static double cost(Deployment d, Estimate estimate) {
    Price price = d.price();
    return price == null ? Double.MAX_VALUE
        : price.cost(estimate.inputTokens(), estimate.outputTokens());
  }

  /** Each in turn: the list rotated by one more step per request. */
  private List<Route> rotated(String alias, List<Route> routes) {
    long turn = turns.computeIfAbsent(alias, a -> new AtomicLong()).getAndIncrement();
    int start = (int) (turn % routes.size());
    List<Route> out = new ArrayList<>(routes.subList(start, routes.size()));
    out.addAll(routes.subList(0, start));
    return out;
  }

  /** Ascending by {@code key}, ties in weighted random order. */
  private List<Route> sorted(List<Route> routes, ToDoubleFunction<Route> key) {
    Map<Route, Double> keys = new IdentityHashMap<>();
    List<Route> shuffled = weightedShuffle(routes);
    shuffled.forEach(r -> keys.put(r, key.applyAsDouble(r)));
    shuffled.sort(Comparator.comparingDouble(keys::get));
    return shuffled;
  }

  /**
   * A random order where each deployment leads with probability proportional to its weight
   * (Efraimidis–Spirakis: sort by {@code u^(1/w)}, descending).
   */
  private List<Route> weightedShuffle(List<Route> routes) {
    Map<Route, Double> keys = new IdentityHashMap<>();
    for (Route r : routes) {
      keys.put(r, Math.pow(random.nextDouble(), 1.0 / Math.max(1, r.deployment().weight())));
    }
    List<Route> out = new ArrayList<>(routes);
    out.sort(Comparator.comparingDouble((Route r) -> keys.get(r)).reversed());
    return out;
  }
}
