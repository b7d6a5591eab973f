package dev.gantry.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One place an alias can be served from.
 *
 * @param provider the name of an entry under {@code providers}
 * @param model the model name as that provider knows it
 * @param weight the share of traffic for load balancing (1 when not given)
 * @param timeout overrides the provider's timeout, or null
 * @param options provider-specific settings of this deployment (e.g. Bedrock Cohere embeddings'
 *     default {@code input_type}); empty when none
 * @param priority for the {@code priority} strategy: lower is tried first (0 when not given)
 * @param price what its tokens cost, for the {@code lowest_cost} strategy; null when unknown
 * @param tags free labels such as {@code region: eu}, which requests can pin or exclude
 * @param trafficPercent a candidate deployment's fixed share of requests (A/B), taken before the
 *     strategy chooses among the others; 0 for none
 * @param shadowPercent for a shadow deployment, the share of requests mirrored to it; its
 *     answers are recorded, never returned. 0 for a serving deployment
 * @param limits the provider's own quota for it, so Gantry stops before the provider throttles;
 *     a deployment without room is skipped
 */
public record Deployment(String provider, String model, int weight, Duration timeout,
    Map<String, String> options, int priority, Price price, Map<String, String> tags,
    int trafficPercent, int shadowPercent, Limits limits) {

  public Deployment {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    options = options == null ? Map.of() : Map.copyOf(options);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    if (trafficPercent < 0 || trafficPercent > 100 || shadowPercent < 0 || shadowPercent > 100) {
      throw new IllegalArgumentException("percentages are 0 to 100");
    }
    limits = limits == null ? Limits.NONE : limits;
  }

  /** A deployment without limits. */
  public Deployment(String provider, String model, int weight, Duration timeout,
      Map<String, String> options, int priority, Price price, Map<String, String> tags,
      int trafficPercent, int shadowPercent) {
    this(provider, model, weight, timeout, options, priority, price, tags, trafficPercent,
        shadowPercent, null);
  }

  public Deployment(String provider, String model, int weight, Duration timeout,
      Map<String, String> options) {
    this(provider, model, weight, timeout, options, 0, null, Map.of(), 0, 0, null);
  }

  public Deployment(String provider, String model, int weight, Duration timeout) {
    this(provider, model, weight, timeout, Map.of());
  }

  /** A stable label for metrics, headers and breakers: {@code provider/model}. */
  public String label() {
    return provider + "/" + model;
  }

  public boolean shadow() {
    return shadowPercent > 0;
  }
}
