package dev.gantry.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One place an alias can be served from.
 *
 * @param provider the name of an entry under {@code providers}
 * @param model the model name as that provider knows it
 * @param weight the share of traffic for load balancing (1 when not given)
 * @param timeout overrides the provider's timeout, or null
 */
public record Deployment(String provider, String model, int weight, Duration timeout) {
  public Deployment {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
  }
}
