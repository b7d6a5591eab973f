package dev.gantry.policies.limits;

/**
 * What a limit counts, and over which window it refills.
 */
public enum Measure {
  /** Requests per minute. */
  REQUESTS(60_000, "requests per minute"),
  /** Input and output tokens per minute. */
  TOKENS(60_000, "tokens per minute"),
  /** Input tokens per minute. */
  INPUT_TOKENS(60_000, "input tokens per minute"),
  /** Output tokens per minute. */
  OUTPUT_TOKENS(60_000, "output tokens per minute"),
  /** Requests in flight at once (never refills: released when a request ends). */
  CONCURRENT(0, "concurrent requests"),
  /** Input and output tokens per day. */
  TOKENS_PER_DAY(86_400_000, "tokens per day");

  private final long windowMillis;
  private final String description;

  Measure(long windowMillis, String description) {
    this.windowMillis = windowMillis;
    this.description = description;
  }

  public long windowMillis() {
    return windowMillis;
  }

  public String description() {
    return description;
  }

  /** The units one request takes, given its input and output tokens. */
  public long amount(long inputTokens, long outputTokens) {
    switch (this) {
      case REQUESTS:
      case CONCURRENT:
        return 1;
      case INPUT_TOKENS:
        return inputTokens;
      case OUTPUT_TOKENS:
        return outputTokens;
      default:
        return inputTokens + outputTokens;
    }
  }

  /** Whether a request keeps what it took once it is over (false: released at its end). */
  public boolean kept() {
    return this != CONCURRENT;
  }
}
