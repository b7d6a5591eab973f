package dev.gantry.sdk.admin;

/**
 * The rate limits of a key or team, each in its own window; a null field is not limited.
 *
 * <pre>{@code
 * Limits.builder().rpm(100).tpm(50_000).concurrent(4).build();
 * }</pre>
 *
 * @param rpm requests per minute
 * @param tpm tokens (input and output) per minute
 * @param inputTpm input tokens per minute
 * @param outputTpm output tokens per minute
 * @param concurrent requests in flight at once
 * @param tokensPerDay tokens per UTC day
 */
public record Limits(Long rpm, Long tpm, Long inputTpm, Long outputTpm, Long concurrent,
    Long tokensPerDay) {
  private static final Limits NONE = new Limits(null, null, null, null, null, null);

  /** No limit at all. */
  public static Limits none() {
    return NONE;
  }

  /** A builder; every limit is optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Limits}; each value must be positive. */
  public static final class Builder {
    private Long rpm;
    private Long tpm;
    private Long inputTpm;
    private Long outputTpm;
    private Long concurrent;
    private Long tokensPerDay;

    private Builder() {}

    /** Requests per minute. */
    public Builder rpm(long rpm) {
      this.rpm = positive("rpm", rpm);
      return this;
    }

    /** Tokens (input and output) per minute. */
    public Builder tpm(long tpm) {
      this.tpm = positive("tpm", tpm);
      return this;
    }

    /** Input tokens per minute. */
    public Builder inputTpm(long inputTpm) {
      this.inputTpm = positive("inputTpm", inputTpm);
      return this;
    }

    /** Output tokens per minute. */
    public Builder outputTpm(long outputTpm) {
      this.outputTpm = positive("outputTpm", outputTpm);
      return this;
    }

    /** Requests in flight at once. */
    public Builder concurrent(long concurrent) {
      this.concurrent = positive("concurrent", concurrent);
      return this;
    }

    /** Tokens per UTC day. */
    public Builder tokensPerDay(long tokensPerDay) {
      this.tokensPerDay = positive("tokensPerDay", tokensPerDay);
      return this;
    }

    /** The limits. */
    public Limits build() {
      return new Limits(rpm, tpm, inputTpm, outputTpm, concurrent, tokensPerDay);
    }

    private static long positive(String name, long value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
