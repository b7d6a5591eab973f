package dev.gantry.sdk.admin;

import java.time.Instant;
import java.util.List;

/**
 * A deployment's live state on the gateway that answered ({@code GET /admin/v1/deployments}).
 *
 * @param deployment its label, {@code provider/model}
 * @param provider its provider
 * @param model the provider's model
 * @param aliases the aliases that route to it
 * @param shadow whether it only receives mirrored calls
 * @param breaker its circuit breaker
 * @param inFlight calls in flight now
 * @param latencyMs its latency averages
 * @param recentErrors its latest errors, oldest first
 * @param shadowResults a shadow's latest mirrored calls (empty for other deployments)
 */
public record DeploymentHealth(String deployment, String provider, String model,
    List<String> aliases, boolean shadow, Breaker breaker, int inFlight, Latency latencyMs,
    List<RecentError> recentErrors, List<ShadowResult> shadowResults) {

  /** Copies the lists; a missing one is empty. */
  public DeploymentHealth {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    recentErrors = recentErrors == null ? List.of() : List.copyOf(recentErrors);
    shadowResults = shadowResults == null ? List.of() : List.copyOf(shadowResults);
  }

  /**
   * A circuit breaker's state.
   *
   * @param state {@code closed}, {@code open}, {@code half_open}...
   * @param failureRate failed calls in percent, or null before the breaker has seen enough calls
   * @param slowCallRate slow calls in percent, or null before the breaker has seen enough calls
   */
  public record Breaker(String state, Float failureRate, Float slowCallRate) {}

  /**
   * Latency averages in milliseconds (0 before any call).
   *
   * @param firstToken until a stream's first token
   * @param total until the whole answer
   */
  public record Latency(double firstToken, double total) {}

  /**
   * One error of the deployment.
   *
   * @param at when
   * @param kind its error kind ({@code UPSTREAM_TIMEOUT}...)
   * @param message what happened, secrets masked
   */
  public record RecentError(Instant at, String kind, String message) {}

  /**
   * One mirrored call of a shadow deployment.
   *
   * @param at when
   * @param alias the alias the call was for
   * @param ok whether the shadow answered
   * @param error why it did not, or null
   * @param millis how long it took
   * @param promptTokens its prompt tokens
   * @param completionTokens its completion tokens
   * @param preview the start of its answer
   */
  public record ShadowResult(Instant at, String alias, boolean ok, String error, long millis,
      long promptTokens, long completionTokens, String preview) {}
}
