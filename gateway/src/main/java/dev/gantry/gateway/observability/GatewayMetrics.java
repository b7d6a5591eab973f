package dev.gantry.gateway.observability;

import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.policies.cache.CacheAnswers;
import dev.gantry.policies.cache.ResponseCache;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.routing.DeploymentState;
import dev.gantry.policies.routing.DeploymentStates;
import dev.gantry.policies.routing.Route;
import dev.gantry.policies.tokens.ProviderCounts;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Records one line of metrics per finished exchange: count, latency, Gantry's own overhead,
 * time to first token (streams) and tokens by type, tagged by operation, alias, provider and
 * deployment. Never tagged by key, user or prompt. Meters are built once per tag set and cached,
 * so recording is a map lookup and a few atomic adds.
 */
public final class GatewayMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentMap<Key, Meters> meters = new ConcurrentHashMap<>();

  /** The tags of one line: what was called, where, and how it ended. */
  private record Key(String operation, String model, String provider, String deployment,
      String outcome, String errorType) {

    Tags route() {
      return Tags.of(MetricNames.OPERATION, operation, MetricNames.REQUEST_MODEL, model,
          MetricNames.PROVIDER, provider, MetricNames.DEPLOYMENT, deployment);
    }

    Tags all() {
      return route().and(MetricNames.OUTCOME, outcome, MetricNames.ERROR_TYPE, errorType);
    }
  }

  private static final class Meters {
    final Counter requests;
    final Timer duration;
    final Timer overhead;
    private final PrometheusMeterRegistry registry;
    private final Tags route;
    private volatile Timer ttft;
    final Counter inputTokens;
    final Counter outputTokens;

    Meters(PrometheusMeterRegistry registry, Key key) {
      this.registry = registry;
      Tags all = key.all();
      this.route = key.route();
      requests = Counter.builder(MetricNames.REQUESTS).tags(all).register(registry);
      duration = Timer.builder(MetricNames.REQUEST_DURATION).tags(all).publishPercentileHistogram()
          .register(registry);
      overhead = Timer.builder(MetricNames.OVERHEAD).tags(route).publishPercentileHistogram()
          .register(registry);
      inputTokens = Counter.builder(MetricNames.TOKENS).tags(route.and(MetricNames.TOKEN_TYPE, "input"))
          .register(registry);
      outputTokens = Counter.builder(MetricNames.TOKENS).tags(route.and(MetricNames.TOKEN_TYPE, "output"))
          .register(registry);
    }

    /** Registered on first use, so routes that never stream export no empty histogram. */
    Timer ttft() {
      Timer t = ttft;
      if (t == null) {
        t = Timer.builder(MetricNames.TIME_TO_FIRST_TOKEN).tags(route).publishPercentileHistogram()
            .register(registry);
        ttft = t;
      }
      return t;
    }
  }

  /** The Prometheus text exposition. */
  /**
   * Gauges of each deployment's state: {@code gantry_deployment_breaker_open} (1 while its breaker
   * is open or half-open) and {@code gantry_deployment_in_flight}.
   */
  public void watch(DeploymentStates states) {
    for (DeploymentState state : states.all()) {
      Gauge.builder(MetricNames.BREAKER_OPEN, state,
              s -> s.breakerState() == CircuitBreaker.State.CLOSED ? 0 : 1)
          .tag(MetricNames.DEPLOYMENT, state.label()).register(registry);
      Gauge.builder(MetricNames.IN_FLIGHT, state, DeploymentState::inFlight)
          .tag(MetricNames.DEPLOYMENT, state.label()).register(registry);
    }
  }

  /** {@code gantry_tokens_count_fallbacks_total}: provider counts replaced by the estimate. */
  public void watch(ProviderCounts counts) {
    io.micrometer.core.instrument.FunctionCounter.builder(MetricNames.TOKEN_COUNT_FALLBACKS,
        counts, ProviderCounts::fallbacks).register(registry);
  }

  /**
   * The response cache: {@code gantry_cache_lookups_total} by alias and outcome (hit, miss,
   * bypass), and the store's {@code gantry_cache_entries}, {@code gantry_cache_bytes} and
   * {@code gantry_cache_evictions_total} (entries and bytes only where the store can tell).
   *
   * @return what the cache stage reports lookups to
   */
  public CacheAnswers.CacheEvents watch(ResponseCache cache) {
    Gauge.builder(MetricNames.CACHE_ENTRIES, cache, c -> c.stats().entries()).register(registry);
    Gauge.builder(MetricNames.CACHE_BYTES, cache, c -> c.stats().bytes()).register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder(MetricNames.CACHE_EVICTIONS, cache,
        c -> c.stats().evictions()).register(registry);
    ConcurrentMap<String, Counter> lookups = new ConcurrentHashMap<>();
    return (alias, outcome) -> lookups.computeIfAbsent(alias + '\n' + outcome,
        k -> Counter.builder(MetricNames.CACHE_LOOKUPS)
            .tags(MetricNames.REQUEST_MODEL, alias, MetricNames.OUTCOME, outcome)
            .register(registry)).increment();
  }

  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** A successful exchange; {@code ttftNanos} is 0 for responses that were not streamed. */
  public void success(Exchange ex, Usage usage, long ttftNanos) {
    Meters m = finish(ex, "success", "none");
    if (ttftNanos > 0) {
      m.ttft().record(ttftNanos, TimeUnit.NANOSECONDS);
    }
    if (usage != null) {
      m.inputTokens.increment(usage.promptTokens());
      m.outputTokens.increment(usage.completionTokens());
    }
  }

  /** A failed exchange; {@code error.type} is the taxonomy kind. */
  public void failure(Exchange ex, GatewayException error) {
    finish(ex, "error", kind(error));
  }

  /** A stream whose client went away before it ended; the upstream call was cancelled. */
  public void cancelled(Exchange ex) {
    finish(ex, "cancelled", "client_closed");
  }

  /** A request rejected before it became an exchange (bad JSON, invalid field). */
  public void rejected(String operation, GatewayException error) {
    meters(new Key(operation, "", "", "", "error", kind(error))).requests.increment();
  }

  private Meters finish(Exchange ex, String outcome, String errorType) {
    Route route = ex.route().orElse(null);
    Meters m = meters(new Key(ex.call().operationName(),
        route == null ? "" : route.alias().name(),
        route == null ? "" : route.provider().type().id(),
        route == null ? "" : route.deploymentLabel(), outcome, errorType));
    long total = System.nanoTime() - ex.startNanos();
    m.requests.increment();
    m.duration.record(total, TimeUnit.NANOSECONDS);
    m.overhead.record(Math.max(0, total - ex.upstreamNanos()), TimeUnit.NANOSECONDS);
    return m;
  }

  private Meters meters(Key key) {
    Meters m = meters.get(key);
    return m != null ? m : meters.computeIfAbsent(key, k -> new Meters(registry, k));
  }

  private static String kind(GatewayException error) {
    return error.kind().name().toLowerCase(Locale.ROOT);
  }
}
