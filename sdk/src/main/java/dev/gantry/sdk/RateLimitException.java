package dev.gantry.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * 429: a rate limit ({@code rate_limit_exceeded}, {@code upstream_rate_limited}) or a spending
 * budget ({@code insufficient_quota}, not retryable: waiting does not refill a budget) was hit.
 * {@link #retryAfter()} is the server's {@code Retry-After}, when it sent one.
 */
public class RateLimitException extends GantryException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /**
   * @param error what the server said
   * @param retryAfter the server's {@code Retry-After}, or null
   */
  public RateLimitException(ErrorDetails error, Duration retryAfter) {
    super(error, null);
    this.retryAfter = retryAfter;
  }

  /** How long the server asked to wait before trying again. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether this is a used-up budget ({@code insufficient_quota}) rather than a rate limit. */
  public boolean isQuotaExceeded() {
    return "insufficient_quota".equals(code().orElse(null))
        || "insufficient_quota".equals(type().orElse(null));
  }

  @Override
  public boolean isRetryable() {
    return !isQuotaExceeded();
  }
}
