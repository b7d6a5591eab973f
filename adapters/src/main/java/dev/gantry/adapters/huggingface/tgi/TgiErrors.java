package dev.gantry.adapters.huggingface.tgi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.io.IOException;
import java.util.Locale;

/**
 * Maps TGI's errors ({@code {error, error_type}}; TGI {@code docs/openapi.json}) onto the taxonomy:
 * <ul>
 *   <li>422 {@code validation}: the client's request, INVALID_REQUEST with TGI's message, or
 *       CONTEXT_LENGTH when the message is about lengths ("Input validation error: `inputs`
 *       tokens + `max_new_tokens` must be <= 1512 ...", "`inputs` must have less than ...
 *       tokens");
 *   <li>424 {@code generation}: UPSTREAM_ERROR (CONTEXT_LENGTH for a length message);
 *   <li>429, {@code overloaded} or "Model is overloaded": UPSTREAM_RATE_LIMITED, retryable;
 *   <li>503 while a model loads ({@code {"error":"Model X is currently loading",
 *       "estimated_time":...}}, scale-to-zero endpoints): UPSTREAM_UNAVAILABLE, retryable, with
 *       the estimated time as the retry delay;
 *   <li>500 {@code incomplete_generation} and others: by status.
 * </ul>
 * The same objects arrive inside a 200 stream as {@code data:{"error":...,"error_type":...}}.
 */
public final class TgiErrors {

  private static final int MAX_MESSAGE = 300;

  private TgiErrors() {}

  /** Maps an HTTP error response of a TGI server. */
  public static GatewayException map(UpstreamResponse response) {
    JsonNode body = parse(response);
    String message = message(body);
    int status = response.status();
    if (message == null) {
      return UpstreamErrors.forStatus(status,
          "The TGI server answered HTTP " + status + " without an error message.",
          response.retryAfterSeconds());
    }
    String type = body.path("error_type").asText("");
    if (isContextLength(message)) {
      return new GatewayException(ErrorKind.CONTEXT_LENGTH,
          "The input is longer than the model's context window (TGI: " + message + ").", null, -1,
          null);
    }
    if (status == 429 || isOverloaded(type, message)) {
      return new GatewayException(ErrorKind.UPSTREAM_RATE_LIMITED, "TGI: " + message, null,
          response.retryAfterSeconds(), null);
    }
    if (status == 503) {
      long retry = body.path("estimated_time").isNumber()
          ? (long) Math.ceil(body.path("estimated_time").asDouble())
          : response.retryAfterSeconds();
      return new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE, "TGI: " + message, null, retry,
          null);
    }
    if (status == 422 || status == 400) {
      return GatewayException.invalid("TGI: " + message, null);
    }
    return UpstreamErrors.forStatus(status, "TGI: " + message, response.retryAfterSeconds());
  }

  /** An {@code {error, error_type}} object inside a stream (or a 200 body). */
  public static GatewayException midStream(JsonNode event) {
    String message = message(event);
    message = message == null ? "unknown error" : message;
    String type = event.path("error_type").asText("");
    if (isContextLength(message)) {
      return new GatewayException(ErrorKind.CONTEXT_LENGTH,
          "The input is longer than the model's context window (TGI: " + message + ").", null, -1,
          null);
    }
    if (isOverloaded(type, message)) {
      return new GatewayException(ErrorKind.UPSTREAM_RATE_LIMITED, "TGI: " + message, null, -1,
          null);
    }
    if ("validation".equals(type)) {
      return GatewayException.invalid("TGI: " + message, null);
    }
    return new GatewayException(ErrorKind.UPSTREAM_ERROR,
        "The TGI server failed mid-generation: " + message, null, -1, null);
  }

  /** TGI's (and TEI's) wordings of an input that does not fit the model's limits. */
  public static boolean isContextLength(String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.contains("`inputs` tokens + `max_new_tokens` must be")
        || lower.contains("`inputs` must have less than")
        || lower.contains("input is too long")
        || lower.contains("exceeds the maximum context length");
  }

  private static boolean isOverloaded(String type, String message) {
    return "overloaded".equalsIgnoreCase(type)
        || message.toLowerCase(Locale.ROOT).contains("model is overloaded");
  }

  private static JsonNode parse(UpstreamResponse response) {
    try {
      JsonNode body = Json.MAPPER.readTree(response.body().getBytes());
      return body == null ? Json.MAPPER.missingNode() : body;
    } catch (IOException e) {
      return Json.MAPPER.missingNode();
    }
  }

  private static String message(JsonNode body) {
    JsonNode error = body.path("error");
    if (!error.isTextual() || error.asText().isBlank()) {
      return null;
    }
    String text = error.asText().trim();
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
  }
}
