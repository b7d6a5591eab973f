package dev.gantry.sdk;

import dev.gantry.sdk.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait before a retry: exponential backoff with full jitter (a random wait between 0
 * and {@code min(maxBackoff, initialBackoff * 2^(retry-1))}), unless the server sent
 * {@code Retry-After} (seconds or an HTTP date), which is honoured up to {@code maxRetryAfter}.
 * The clock, the random source and the sleeper are injectable for tests. Immutable.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULT = builder().build();

  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final Clock clock;
  private final RandomGenerator random;
  private final Sleeper sleeper;

  private RetryPolicy(Builder b) {
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxRetryAfter = b.maxRetryAfter;
    this.clock = b.clock;
    this.random = b.random;
    this.sleeper = b.sleeper;
  }

  /** 500 ms doubling up to 8 s, {@code Retry-After} honoured up to 60 s. */
  public static RetryPolicy defaults() {
    return DEFAULT;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry).
   *
   * @param retryAfter the failed answer's {@code Retry-After} header, if any
   */
  public Duration delay(int retry, Optional<String> retryAfter) {
    Optional<Duration> asked = retryAfter.flatMap(v -> parseRetryAfter(v, clock));
    if (asked.isPresent()) {
      Duration d = asked.get();
      return d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d;
    }
    long base = initialBackoff.toNanos();
    int shift = Math.min(Math.max(retry - 1, 0), 30);
    long ceiling = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
    ceiling = Math.min(ceiling, maxBackoff.toNanos());
    return Duration.ofNanos(ceiling <= 0 ? 0 : (long) (random.nextDouble() * ceiling));
  }

  /** Blocks for {@code d} with the policy's sleeper. */
  public void sleep(Duration d) throws InterruptedException {
    if (!d.isZero()) {
      sleeper.sleep(d);
    }
  }

  /**
   * Parses {@code Retry-After}: delta seconds (RFC 9110 allows integers; fractions are accepted)
   * or an HTTP date, relative to {@code clock}. A past date means no wait.
   */
  public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    try {
      double seconds = Double.parseDouble(v);
      if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  /** The clock HTTP dates are compared with. */
  public Clock clock() {
    return clock;
  }

  /** How blocking waits happen (retries, and pollers such as fine-tuning's awaitCompletion). */
  public Sleeper sleeper() {
    return sleeper;
  }

  @Override
  public String toString() {
    return "RetryPolicy[initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
        + ", maxRetryAfter=" + maxRetryAfter + "]";
  }

  /** Builds a {@link RetryPolicy}; fails fast on invalid values. */
  public static final class Builder {
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = RandomGenerator.getDefault();
    private Sleeper sleeper = Sleeper.system();

    private Builder() {}

    /** The ceiling of the first retry's wait; positive. */
    public Builder initialBackoff(Duration d) {
      this.initialBackoff = Checks.positive(d, "initialBackoff");
      return this;
    }

    /** The largest ceiling of a backoff wait; positive. */
    public Builder maxBackoff(Duration d) {
      this.maxBackoff = Checks.positive(d, "maxBackoff");
      return this;
    }

    /** The longest {@code Retry-After} honoured; longer ones are cut to this. */
    public Builder maxRetryAfter(Duration d) {
      this.maxRetryAfter = Checks.positive(d, "maxRetryAfter");
      return this;
    }

    /** The clock for HTTP-date {@code Retry-After}s. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The jitter's random source. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** How to wait (blocking calls). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The policy. */
    public RetryPolicy build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff must not be below initialBackoff");
      }
      return new RetryPolicy(this);
    }
  }
}
