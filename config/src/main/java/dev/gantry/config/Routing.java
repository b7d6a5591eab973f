package dev.gantry.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How an alias spreads calls over its deployments and rides out their failures (config
 * {@code models[i].routing}).
 *
 * @param maxAttempts calls to deployments one request may make, the first included (retries and
 *     moves to another deployment; a fallback alias has its own)
 * @param backoff the base of the exponential backoff (full jitter) before calling a deployment
 *     again; a {@code Retry-After} from the provider wins when longer
 * @param maxBackoff the backoff's cap
 * @param firstTokenTimeout how long a stream may take to produce its first item before the call
 *     is abandoned and the next deployment tried; null for none (the call's timeout still holds)
 * @param latencyHalfLife how fast a deployment's latency average is forgotten when it gets no
 *     traffic, so a deployment that recovered is tried again ({@code lowest_latency})
 * @param probeInterval how often each deployment is probed actively (its provider's health
 *     check); null for passive health only
 */
public record Routing(Strategy strategy, int maxAttempts, Duration backoff, Duration maxBackoff,
    Breaker breaker, Duration firstTokenTimeout, Duration latencyHalfLife,
    Duration probeInterval) {

  public static final Routing DEFAULTS = new Routing(Strategy.WEIGHTED, 3,
      Duration.ofMillis(200), Duration.ofSeconds(5), Breaker.DEFAULTS, null,
      Duration.ofSeconds(60), null);

  public Routing {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(breaker, "breaker");
    Objects.requireNonNull(latencyHalfLife, "latencyHalfLife");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** How the next deployment is chosen. */
  public enum Strategy {
    /** At random, in proportion to the deployments' weights. */
    WEIGHTED,
    /** Each deployment in turn. */
    ROUND_ROBIN,
    /** The one with the fewest calls in flight. */
    LEAST_OUTSTANDING,
    /** The fastest recently (time to first token for streams, total time otherwise). */
    LOWEST_LATENCY,
    /** The cheapest for this request, from the deployments' prices and its token estimate. */
    LOWEST_COST,
    /** The lowest {@code priority} first; weights break ties. */
    PRIORITY;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Strategy> fromId(String id) {
      return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }

    public static List<String> ids() {
      return Arrays.stream(values()).map(Strategy::id).toList();
    }
  }

  /**
   * A circuit breaker per deployment: it opens when, over the last {@code window} calls (at least
   * {@code minimumCalls}), the failure rate or the slow-call rate reaches its threshold; an open
   * breaker sends traffic to the alias's other deployments for {@code openFor}, then lets
   * {@code halfOpenCalls} probes through.
   */
  public record Breaker(int failureRatePercent, int slowCallRatePercent, Duration slowCall,
      int window, int minimumCalls, Duration openFor, int halfOpenCalls) {

    public static final Breaker DEFAULTS = new Breaker(50, 100, Duration.ofSeconds(60), 20, 5,
        Duration.ofSeconds(30), 2);

    public Breaker {
      Objects.requireNonNull(slowCall, "slowCall");
      Objects.requireNonNull(openFor, "openFor");
    }
  }
}
