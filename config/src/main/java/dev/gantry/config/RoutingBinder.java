package dev.gantry.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds what decides where an alias's calls go: {@code routing}, {@code fallbacks}, and the
 * deployments' {@code priority}, {@code price}, {@code tags}, {@code traffic_percent} and
 * {@code shadow_percent}; then checks the aliases together (fallbacks name known aliases of the
 * same kind, and never lead back to themselves).
 */
final class RoutingBinder {

  static final Set<String> ROUTING_FIELDS = Set.of("strategy", "max_attempts", "backoff",
      "max_backoff", "breaker", "first_token_timeout", "stream_idle_timeout", "latency_half_life",
      "probe_interval");
  static final Set<String> BREAKER_FIELDS = Set.of("failure_rate", "slow_call_rate", "slow_call",
      "window", "minimum_calls", "open_for", "half_open_calls");
  static final Set<String> FALLBACK_FIELDS =
      Set.of("general", "context_length", "content_filter", "rate_limit");
  static final Set<String> PRICE_FIELDS = Set.of("input", "output", "cached_input");
  /** What a deployment adds for routing, on top of provider, model, weight, timeout, options. */
  static final Set<String> DEPLOYMENT_FIELDS =
      Set.of("priority", "price", "tags", "traffic_percent", "shadow_percent");

  private final TreeReader r;

  RoutingBinder(TreeReader r) {
    this.r = r;
  }

  Routing routing(JsonNode alias, String path) {
    JsonNode node = TreeReader.present(alias, "routing");
    if (node == null) {
      return Routing.DEFAULTS;
    }
    String where = TreeReader.at(path, "routing");
    if (!r.object(node, where, ROUTING_FIELDS)) {
      return Routing.DEFAULTS;
    }
    Routing d = Routing.DEFAULTS;
    Routing.Strategy strategy = d.strategy();
    String id = r.string(node, where, "strategy", null);
    if (id != null) {
      strategy = Routing.Strategy.fromId(id).orElse(null);
      if (strategy == null) {
        r.error(TreeReader.at(where, "strategy"), "unknown strategy '" + id
            + "' (expected one of: " + String.join(", ", Routing.Strategy.ids()) + ")");
        strategy = d.strategy();
      }
    }
    int attempts = r.integer(node, where, "max_attempts", d.maxAttempts(), 1, 20);
    Duration backoff = r.duration(node, where, "backoff", d.backoff());
    Duration maxBackoff = r.duration(node, where, "max_backoff", d.maxBackoff());
    if (maxBackoff.compareTo(backoff) < 0) {
      r.error(TreeReader.at(where, "max_backoff"), "must not be less than backoff");
    }
    return new Routing(strategy, attempts, backoff, maxBackoff, breaker(node, where),
        r.duration(node, where, "first_token_timeout", d.firstTokenTimeout()),
        r.duration(node, where, "stream_idle_timeout", d.streamIdleTimeout()),
        r.duration(node, where, "latency_half_life", d.latencyHalfLife()),
        r.duration(node, where, "probe_interval", d.probeInterval()));
  }

  private Routing.Breaker breaker(JsonNode routing, String path) {
    JsonNode node = TreeReader.present(routing, "breaker");
    Routing.Breaker d = Routing.Breaker.DEFAULTS;
    String where = TreeReader.at(path, "breaker");
    if (node == null || !r.object(node, where, BREAKER_FIELDS)) {
      return d;
    }
    int window = r.integer(node, where, "window", d.window(), 1, 10_000);
    int minimum = r.integer(node, where, "minimum_calls", Math.min(d.minimumCalls(), window), 1,
        10_000);
    if (minimum > window) {
      r.error(TreeReader.at(where, "minimum_calls"), "must not exceed window");
    }
    return new Routing.Breaker(
        r.integer(node, where, "failure_rate", d.failureRatePercent(), 1, 100),
        r.integer(node, where, "slow_call_rate", d.slowCallRatePercent(), 1, 100),
        r.duration(node, where, "slow_call", d.slowCall()), window, minimum,
        r.duration(node, where, "open_for", d.openFor()),
        r.integer(node, where, "half_open_calls", d.halfOpenCalls(), 1, 1_000));
  }

  Fallbacks fallbacks(JsonNode alias, String path) {
    JsonNode node = TreeReader.present(alias, "fallbacks");
    if (node == null) {
      return Fallbacks.NONE;
    }
    String where = TreeReader.at(path, "fallbacks");
    if (node.isArray()) {
      return new Fallbacks(r.stringList(alias, path, "fallbacks"), List.of(), List.of(), List.of());
    }
    if (!r.object(node, where, FALLBACK_FIELDS)) {
      return Fallbacks.NONE;
    }
    return new Fallbacks(r.stringList(node, where, "general"),
        r.stringList(node, where, "context_length"), r.stringList(node, where, "content_filter"),
        r.stringList(node, where, "rate_limit"));
  }

  /**
   * A deployment from its base fields and the routing ones read here; null (after every field was
   * read and checked) when the provider or model is missing.
   */
  Deployment deployment(JsonNode d, String dpath, String provider, String model, int weight,
      Duration timeout, Map<String, String> options, Limits limits) {
    int priority = r.integer(d, dpath, "priority", 0, 0, 1_000);
    int traffic = r.integer(d, dpath, "traffic_percent", 0, 1, 100);
    int shadow = r.integer(d, dpath, "shadow_percent", 0, 1, 100);
    if (traffic > 0 && shadow > 0) {
      r.error(TreeReader.at(dpath, "shadow_percent"),
          "a shadow deployment serves no traffic: drop traffic_percent or shadow_percent");
    }
    Price price = price(d, dpath);
    Map<String, String> tags = r.stringMap(d, dpath, "tags");
    if (provider == null || model == null) {
      return null;
    }
    return new Deployment(provider, model, weight, timeout, options, priority, price, tags,
        traffic, shadow, limits);
  }

  private Price price(JsonNode d, String dpath) {
    JsonNode node = TreeReader.present(d, "price");
    String where = TreeReader.at(dpath, "price");
    if (node == null || !r.object(node, where, PRICE_FIELDS)) {
      return null;
    }
    double input = r.decimal(node, where, "input", -1);
    double output = r.decimal(node, where, "output", -1);
    if (input < 0 || output < 0) {
      r.error(where, "needs input and output (per million tokens, not negative)");
      return null;
    }
    return new Price(input, output, Math.max(0, r.decimal(node, where, "cached_input", input)));
  }

  /**
   * Checks the aliases together: each fallback is another known alias of the same kind, no alias
   * reaches itself through fallbacks, each alias keeps a serving deployment, and candidates'
   * traffic shares add up to at most 100%.
   */
  void check(List<ModelAlias> aliases, Map<String, Integer> indexOf) {
    Map<String, ModelAlias> byName = new HashMap<>();
    aliases.forEach(a -> byName.put(a.name(), a));
    for (ModelAlias alias : aliases) {
      String path = TreeReader.at("models", indexOf.get(alias.name()));
      for (String target : alias.fallbacks().all()) {
        ModelAlias other = byName.get(target);
        if (other == null) {
          r.error(TreeReader.at(path, "fallbacks"), "unknown model '" + target + "'");
        } else if (other.kind() != alias.kind()) {
          r.error(TreeReader.at(path, "fallbacks"), "'" + target + "' is " + other.kind().id()
              + ", not " + alias.kind().id());
        }
      }
      List<String> cycle = cycle(alias.name(), byName, new ArrayList<>(), new HashSet<>());
      if (cycle != null) {
        r.error(TreeReader.at(path, "fallbacks"), "fallbacks lead back to '" + alias.name()
            + "' (" + String.join(" -> ", cycle) + ")");
      }
      if (alias.deployments().stream().allMatch(Deployment::shadow)) {
        r.error(TreeReader.at(path, "deployments"), "needs a deployment that is not a shadow");
      }
      int traffic = alias.deployments().stream().mapToInt(Deployment::trafficPercent).sum();
      if (traffic > 100) {
        r.error(TreeReader.at(path, "deployments"), "traffic_percent adds up to " + traffic
            + "%, more than 100%");
      }
    }
  }

  /** The path from {@code start} back to itself through fallbacks, or null when there is none. */
  private static List<String> cycle(String start, Map<String, ModelAlias> byName,
      List<String> trail, Set<String> seen) {
    String current = trail.isEmpty() ? start : trail.get(trail.size() - 1);
    if (trail.isEmpty()) {
      trail.add(start);
    }
    ModelAlias alias = byName.get(current);
    if (alias == null || !seen.add(current)) {
      return null;
    }
    for (String next : alias.fallbacks().all()) {
      if (next.equals(start)) {
        List<String> found = new ArrayList<>(trail);
        found.add(start);
        return found;
      }
      trail.add(next);
      List<String> found = cycle(start, byName, trail, seen);
      if (found != null) {
        return found;
      }
      trail.remove(trail.size() - 1);
    }
    return null;
  }
}
