package dev.gantry.policies.routing;

import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.Routing;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the gateway knows of one deployment from its traffic: its circuit breaker, the calls in
 * flight, latency averages (time to first token for streams, total time for whole answers) that
 * fade when the deployment gets no traffic, and its recent errors. Shared by every event loop.
 */
public final class DeploymentState {

  /** Weight of the newest sample in the latency averages. */
  static final double ALPHA = 0.3;
  static final int RECENT_ERRORS = 10;

  private final String label;
  private final Clock clock;
  private final long halfLife;
  private final CircuitBreaker breaker;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Latency firstToken = new Latency();
  private final Latency total = new Latency();
  private final Deque<RecentError> errors = new ArrayDeque<>();
  private final Deque<Shadows.Result> shadowResults = new ArrayDeque<>();

  /** One failure: when, and its kind and message (never a secret: messages are the gateway's). */
  public record RecentError(long atMillis, String kind, String message) {}

  DeploymentState(String label, Routing.Breaker config, Duration halfLife, Clock clock) {
    this.label = label;
    this.clock = clock;
    this.halfLife = Math.max(1, halfLife.toMillis());
    this.breaker = CircuitBreaker.of(label, CircuitBreakerConfig.custom()
        .failureRateThreshold(config.failureRatePercent())
        .slowCallRateThreshold(config.slowCallRatePercent())
        .slowCallDurationThreshold(config.slowCall())
        .slidingWindow(config.window(), config.minimumCalls(),
            CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .waitDurationInOpenState(config.openFor())
        .permittedNumberOfCallsInHalfOpenState(config.halfOpenCalls())
        .recordException(t -> t instanceof GatewayException && ((GatewayException) t).retryable())
        .clock(clock)
        .build());
  }

  public String label() {
    return label;
  }

  /** Takes a call slot: false while the breaker is open (or its half-open probes are taken). */
  boolean tryAcquire() {
    if (!breaker.tryAcquirePermission()) {
      return false;
    }
    inFlight.incrementAndGet();
    return true;
  }

  /** A call slot taken although the breaker is open: its result will not count against it. */
  void forceAcquire() {
    inFlight.incrementAndGet();
  }

  /**
   * The call succeeded (a stream: its first item arrived) after {@code millis}.
   *
   * @param permitted whether the breaker let it through (else its result is not the breaker's)
   */
  void onSuccess(long millis, boolean firstTokenOfStream, boolean permitted) {
    if (permitted) {
      breaker.onSuccess(millis, TimeUnit.MILLISECONDS);
    }
    (firstTokenOfStream ? firstToken : total).add(millis, clock.millis(), halfLife);
  }

  /** The call failed; only retryable failures count against the breaker. */
  void onFailure(long millis, GatewayException error, boolean permitted) {
    if (permitted) {
      breaker.onError(millis, TimeUnit.MILLISECONDS, error);
    }
    synchronized (errors) {
      if (errors.size() == RECENT_ERRORS) {
        errors.removeFirst();
      }
      errors.addLast(new RecentError(clock.millis(), error.kind().name().toLowerCase(),
          error.getMessage()));
    }
  }

  /** A stream that had started ended after {@code millis} in all. */
  void onStreamEnd(long millis) {
    total.add(millis, clock.millis(), halfLife);
  }

  /** The call slot is free again (after success, failure or cancellation). */
  void release() {
    inFlight.decrementAndGet();
  }

  /** A call that was permitted but abandoned before it reached the provider. */
  void abandon(boolean permitted) {
    if (permitted) {
      breaker.releasePermission();
    }
    inFlight.decrementAndGet();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public CircuitBreaker.State breakerState() {
    return breaker.getState();
  }

  public float failureRate() {
    return breaker.getMetrics().getFailureRate();
  }

  public float slowCallRate() {
    return breaker.getMetrics().getSlowCallRate();
  }

  /**
   * The latency this deployment is expected to have, in milliseconds, for the strategy
   * {@code lowest_latency}: its average, halved for every half-life without a sample, so a slow
   * deployment that recovered gets traffic again; 0 before any sample (try it).
   */
  public double expectedMillis(boolean stream) {
    Latency l = stream && firstToken.samples() > 0 ? firstToken : total;
    return l.decayed(clock.millis(), halfLife);
  }

  public double averageMillis(boolean firstTokenOfStream) {
    return (firstTokenOfStream ? firstToken : total).average();
  }

  void recordShadow(Shadows.Result result) {
    synchronized (shadowResults) {
      if (shadowResults.size() == RECENT_ERRORS * 2) {
        shadowResults.removeFirst();
      }
      shadowResults.addLast(result);
    }
  }

  /** The latest mirrored calls' outcomes, when this is a shadow deployment. */
  public List<Shadows.Result> shadowResults() {
    synchronized (shadowResults) {
      return new ArrayList<>(shadowResults);
    }
  }

  public List<RecentError> recentErrors() {
    synchronized (errors) {
      return new ArrayList<>(errors);
    }
  }

  /** An exponentially weighted moving average of latencies, with the time of its last sample. */
  private static final class Latency {
    private double average;
    private long samples;
    private long lastAt;

    /** The new sample blends with the average as it has faded since the last sample. */
    synchronized void add(long millis, long now, long halfLifeMillis) {
      average = samples == 0 ? millis : ALPHA * millis + (1 - ALPHA) * decayed(now, halfLifeMillis);
      samples++;
      lastAt = now;
    }

    synchronized long samples() {
      return samples;
    }

    synchronized double average() {
      return average;
    }

    synchronized double decayed(long now, long halfLifeMillis) {
      if (samples == 0) {
        return 0;
      }
      long age = Math.max(0, now - lastAt);
      return average * Math.pow(0.5, (double) age / Math.max(1, halfLifeMillis));
    }
  }
}
