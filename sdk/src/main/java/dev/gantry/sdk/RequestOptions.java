package dev.gantry.sdk;

import dev.gantry.sdk.internal.Checks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-call settings that override the client's: a timeout, a number of retries and extra headers
 * ({@code x-request-id}, {@code x-gantry-pin}...). Immutable; {@link #none()} changes nothing.
 *
 * <pre>{@code
 * client.chat().create(request, RequestOptions.builder().timeout(Duration.ofSeconds(5)).build());
 * }</pre>
 */
public final class RequestOptions {
  private static final RequestOptions NONE = new RequestOptions(null, null, Map.of());

  private final Duration timeout;
  private final Integer maxRetries;
  private final Map<String, String> headers;

  private RequestOptions(Duration timeout, Integer maxRetries, Map<String, String> headers) {
    this.timeout = timeout;
    this.maxRetries = maxRetries;
    this.headers = Map.copyOf(headers);
  }

  /** Options that keep the client's settings. */
  public static RequestOptions none() {
    return NONE;
  }

  /** A builder of options. */
  public static Builder builder() {
    return new Builder();
  }

  /** The call's timeout, if it overrides the client's. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** The call's retries, if they override the client's. */
  public Optional<Integer> maxRetries() {
    return Optional.ofNullable(maxRetries);
  }

  /** Extra headers sent with the call. */
  public Map<String, String> headers() {
    return headers;
  }

  /** These options with one more header (replacing one of the same name). */
  public RequestOptions withHeader(String name, String value) {
    Builder b = builder();
    if (timeout != null) {
      b.timeout(timeout);
    }
    if (maxRetries != null) {
      b.maxRetries(maxRetries);
    }
    headers.forEach((k, v) -> {
      if (!k.equalsIgnoreCase(name)) {
        b.header(k, v);
      }
    });
    return b.header(name, value).build();
  }

  /** Builds {@link RequestOptions}; fails fast on invalid values. */
  public static final class Builder {
    private Duration timeout;
    private Integer maxRetries;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The time each attempt may wait for the answer's headers and, for streamed answers and
     * downloads, for each next piece of the body; positive.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "timeout");
      return this;
    }

    /** How many times to retry a retryable failure; 0 disables retries. */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** An extra header; {@code Authorization} cannot be set here. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.equalsIgnoreCase("authorization")) {
        throw new IllegalArgumentException("set the API key on the client, not as a header");
      }
      headers.put(name, value);
      return this;
    }

    /** Sends {@code x-request-id}: Gantry uses it as the call's id and forwards it upstream. */
    public Builder requestId(String requestId) {
      return header("x-request-id", requestId);
    }

    /** The options. */
    public RequestOptions build() {
      return new RequestOptions(timeout, maxRetries, headers);
    }
  }
}
