package dev.gantry.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.sdk.AuthenticationException;
import dev.gantry.sdk.BadRequestException;
import dev.gantry.sdk.ConflictException;
import dev.gantry.sdk.ContextLengthExceededException;
import dev.gantry.sdk.ErrorDetails;
import dev.gantry.sdk.GantryException;
import dev.gantry.sdk.GantryHeaders;
import dev.gantry.sdk.InternalServerException;
import dev.gantry.sdk.NotFoundException;
import dev.gantry.sdk.PermissionDeniedException;
import dev.gantry.sdk.RateLimitException;
import dev.gantry.sdk.RetryPolicy;
import dev.gantry.sdk.TimeoutException;
import dev.gantry.sdk.UpstreamException;
import java.time.Clock;
import java.time.Duration;

/** Maps an error answer (status, headers, OpenAI error body) to the typed exception. */
public final class Errors {
  private Errors() {}

  /**
   * The exception for a non-2xx answer. The body's {@code error} object gives message, type, code
   * and param; a body that is not one gives a generic message (the body itself is never copied,
   * it may echo anything). {@code secret} (the API key) is masked wherever it appears.
   */
  public static GantryException fromAnswer(
      int status, GantryHeaders headers, byte[] body, String secret, Clock clock) {
    ErrorDetails d = details(status, headers, body, secret);
    String code = d.code();
    if (status == 400 && "context_length_exceeded".equals(code)) {
      return new ContextLengthExceededException(d, null);
    }
    if (status == 401) {
      return new AuthenticationException(d, null);
    }
    if (status == 403) {
      return new PermissionDeniedException(d, null);
    }
    if (status == 404) {
      return new NotFoundException(d, null);
    }
    if (status == 408) {
      return new TimeoutException(d, null);
    }
    if (status == 409 || status == 412) {
      return new ConflictException(d, null);
    }
    if (status == 429) {
      Duration after = headers.first("retry-after")
          .flatMap(v -> RetryPolicy.parseRetryAfter(v, clock)).orElse(null);
      return new RateLimitException(d, after);
    }
    if (status == 502 || status == 503 || status == 504) {
      return new UpstreamException(d, null);
    }
    if (status >= 500) {
      return new InternalServerException(d, null);
    }
    if (status >= 400) {
      return new BadRequestException(d, null);
    }
    return new GantryException(d, null);
  }

  /** An error object sent inside a stream ({@code data: {"error":{...}}}) after a 200. */
  public static GantryException fromStreamError(
      JsonNode error, GantryHeaders headers, String secret) {
    ErrorDetails d = fromErrorNode(0, error, headers, secret);
    String type = d.type();
    if ("rate_limit_error".equals(type)) {
      return new RateLimitException(d, null);
    }
    if ("server_error".equals(type)) {
      return new UpstreamException(d, null);
    }
    return new GantryException(d, null);
  }

  private static ErrorDetails details(int status, GantryHeaders headers, byte[] body, String secret) {
    try {
      JsonNode root = body == null || body.length == 0 ? null : Json.MAPPER.readTree(body);
      if (root != null && root.path("error").isObject()) {
        return fromErrorNode(status, root.get("error"), headers, secret);
      }
      if (root != null && root.path("error").isTextual()) {
        return new ErrorDetails(status, redact(root.get("error").asText(), secret), null, null,
            null, headers);
      }
    } catch (java.io.IOException notJson) {
      // fall through to a generic message
    }
    return new ErrorDetails(status, "HTTP " + status, null, null, null, headers);
  }

  private static ErrorDetails fromErrorNode(
      int status, JsonNode e, GantryHeaders headers, String secret) {
    String message = text(e, "message");
    return new ErrorDetails(status, message == null ? "HTTP " + status : redact(message, secret),
        text(e, "type"), text(e, "code"), text(e, "param"), headers);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** {@code text} with every occurrence of {@code secret} replaced by {@code ***}. */
  public static String redact(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, "***");
  }
}
