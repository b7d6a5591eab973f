package dev.gantry.sdk;

import java.util.Optional;

/**
 * Any failure of a Gantry call. Errors answered by the server carry its HTTP status, the OpenAI
 * error {@code type}, {@code code}, {@code param} and message, and the request id
 * ({@code x-request-id}); failures before an answer ({@link ConnectionException},
 * {@link TimeoutException}) have status 0. Subclasses mirror the gateway's error kinds, so callers
 * catch what they handle ({@code catch (RateLimitException e)}) and read {@link #code()} for
 * finer cases. Messages never contain the API key.
 */
public class GantryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String code;
  private final String param;
  private final String requestId;
  private final transient GantryHeaders headers;

  /**
   * @param error what the server said (or what the client saw)
   * @param cause the underlying failure, or null
   */
  public GantryException(ErrorDetails error, Throwable cause) {
    super(describe(error), cause);
    this.status = error.status();
    this.type = error.type();
    this.code = error.code();
    this.param = error.param();
    this.requestId = error.headers().requestId().orElse(null);
    this.headers = error.headers();
  }

  private static String describe(ErrorDetails e) {
    StringBuilder b = new StringBuilder();
    if (e.status() > 0) {
      b.append(e.status()).append(' ');
    }
    if (e.type() != null) {
      b.append(e.type());
      if (e.code() != null) {
        b.append('/').append(e.code());
      }
      b.append(": ");
    } else if (e.code() != null) {
      b.append(e.code()).append(": ");
    }
    b.append(e.message());
    e.headers().requestId().ifPresent(id -> b.append(" (request id ").append(id).append(')'));
    return b.toString();
  }

  /** The HTTP status, or 0 when no answer arrived. */
  public int status() {
    return status;
  }

  /** The OpenAI error {@code type} ({@code invalid_request_error}, {@code rate_limit_error}...). */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  /** The OpenAI error {@code code} ({@code model_not_found}, {@code context_length_exceeded}...). */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** The request field the error is about, when the server named one. */
  public Optional<String> param() {
    return Optional.ofNullable(param);
  }

  /** The request id the server answered with ({@code x-request-id}), for support and logs. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** The answer's headers (empty when no answer arrived). */
  public GantryHeaders headers() {
    return headers == null ? GantryHeaders.empty() : headers;
  }

  /** Whether another attempt of the same request may succeed. */
  public boolean isRetryable() {
    return false;
  }
}
