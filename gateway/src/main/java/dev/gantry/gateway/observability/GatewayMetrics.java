package dev.gantry.gateway.observability;

import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.policies.pipeline.Exchange;
import dev.gantry.policies.routing.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Records one line of metrics per finished exchange: count, latency, Gantry's own overhead,
 * time to first token (streams) and tokens by type, tagged by operation, alias, provider and
 * deployment. Never tagged by key, user or prompt.
 */
public final class GatewayMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** A successful exchange. */
  public void success(Exchange ex, Usage usage, long ttftNanos) {
    Tags tags = tags(ex).and(MetricNames.OUTCOME, "success", MetricNames.ERROR_TYPE, "none");
    finish(ex, tags);
    if (ttftNanos > 0) {
      Timer.builder(MetricNames.TIME_TO_FIRST_TOKEN).tags(tags(ex)).publishPercentileHistogram()
          .register(registry).record(ttftNanos, TimeUnit.NANOSECONDS);
    }
    if (usage != null) {
      Counter.builder(MetricNames.TOKENS).tags(tags(ex).and(MetricNames.TOKEN_TYPE, "input"))
          .register(registry).increment(usage.promptTokens());
      Counter.builder(MetricNames.TOKENS).tags(tags(ex).and(MetricNames.TOKEN_TYPE, "output"))
          .register(registry).increment(usage.completionTokens());
    }
  }

  /** A failed exchange; {@code error.type} is the taxonomy kind. */
  public void failure(Exchange ex, GatewayException error) {
    finish(ex, tags(ex).and(MetricNames.OUTCOME, "error", MetricNames.ERROR_TYPE,
        error.kind().name().toLowerCase(java.util.Locale.ROOT)));
  }

  /** A request rejected before it became an exchange (bad JSON, unknown route, too large). */
  public void rejected(String operation, GatewayException error) {
    Counter.builder(MetricNames.REQUESTS).tags(MetricNames.OPERATION, operation,
        MetricNames.REQUEST_MODEL, "", MetricNames.PROVIDER, "", MetricNames.DEPLOYMENT, "",
        MetricNames.OUTCOME, "error", MetricNames.ERROR_TYPE,
        error.kind().name().toLowerCase(java.util.Locale.ROOT)).register(registry).increment();
  }

  private void finish(Exchange ex, Tags tags) {
    long total = System.nanoTime() - ex.startNanos();
    Counter.builder(MetricNames.REQUESTS).tags(tags).register(registry).increment();
    Timer.builder(MetricNames.REQUEST_DURATION).tags(tags).publishPercentileHistogram()
        .register(registry).record(Duration.ofNanos(total));
    Timer.builder(MetricNames.OVERHEAD).tags(tags(ex)).publishPercentileHistogram()
        .register(registry).record(Duration.ofNanos(Math.max(0, total - ex.upstreamNanos())));
  }

  private static Tags tags(Exchange ex) {
    Route route = ex.route().orElse(null);
    return Tags.of(MetricNames.OPERATION, ex.call().operationName(),
        MetricNames.REQUEST_MODEL, route == null ? "" : route.alias().name(),
        MetricNames.PROVIDER, route == null ? "" : route.provider().type().id(),
        MetricNames.DEPLOYMENT, route == null ? "" : route.deploymentLabel());
  }
}
