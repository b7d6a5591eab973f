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
 */
public record Deployment(String provider, String model, int weight, Duration timeout,
    Map<String, String> options) {
  public Deployment {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  public Deployment(String provider, String model, int weight, Duration timeout) {
    this(provider, model, weight, timeout, Map.of());
  }
}
