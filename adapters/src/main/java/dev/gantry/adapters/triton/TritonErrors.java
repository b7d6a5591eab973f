package dev.gantry.adapters.triton;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Maps Triton's errors onto the taxonomy. Triton answers {@code {"error": "<message>"}} with a
 * status from its error code (INVALID_ARG, UNKNOWN → 400, NOT_FOUND → 404, INTERNAL → 500,
 * UNSUPPORTED → 501, UNAVAILABLE → 503); a {@code /generate_stream} that fails on its first
 * response sends the same object as an SSE {@code data:} event with that status, and one that
 * fails later sends it as an event under HTTP 200. The KServe generate spec adds 422 (validation),
 * 424 (generation), 429 (overloaded).
 * <ul>
 *   <li>a message about the input's length (TensorRT-LLM's "Prompt length (...) exceeds maximum
 *       input length", vLLM's "maximum model length"): CONTEXT_LENGTH;
 *   <li>an unknown model (Triton's "Request for unknown model: ... is not found", 400 or 404): an
 *       UPSTREAM_ERROR naming the deployment's model, since the client's alias is fine;
 *   <li>429, "overloaded" or a full queue ("Exceeds maximum queue size"): UPSTREAM_RATE_LIMITED;
 *   <li>503: UPSTREAM_UNAVAILABLE; both retryable;
 *   <li>400 and 422: INVALID_REQUEST with Triton's message;
 *   <li>424, 500, 501 and others: UPSTREAM_ERROR with the message.
 * </ul>
 */
public final class TritonErrors {

  private static final int MAX_MESSAGE = 300;
  private static final List<String> CONTEXT_LENGTH = List.of("exceeds maximum input length",
      "max_input_len", "input length", "maximum context length", "maximum model length",
      "max_seq_len", "maximum sequence length", "max sequence length", "context length",
      "context window", "too long");
  private static final List<String> OVERLOADED = List.of("overloaded", "maximum queue size");

  private TritonErrors() {}

  /**
   * Maps an HTTP error response.
   *
   * @param model the deployment's model, named when the server does not know it
   */
  public static GatewayException map(UpstreamResponse response, String model) {
    String message = message(response);
    int status = response.status();
    if (message == null) {
      return UpstreamErrors.forStatus(status,
          "The Triton server answered HTTP " + status + " without an error message.",
          response.retryAfterSeconds());
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("unknown model") || (status == 404 && lower.contains("not found"))) {
      return new GatewayException(ErrorKind.UPSTREAM_ERROR, "The Triton server has no model `"
          + model + "` (" + message + "); check the deployment's model.", null, -1, null);
    }
    if (containsAny(lower, CONTEXT_LENGTH)) {
      return contextLength(message);
    }
    if (status == 429 || containsAny(lower, OVERLOADED)) {
      return new GatewayException(ErrorKind.UPSTREAM_RATE_LIMITED, "Triton: " + message, null,
          response.retryAfterSeconds(), null);
    }
    if (status == 503) {
      return new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE, "Triton: " + message, null,
          response.retryAfterSeconds(), null);
    }
    if (status == 400 || status == 422) {
      return GatewayException.invalid("Triton: " + message, null);
    }
    if (status == 401 || status == 403 || status == 408 || status == 504) {
      return UpstreamErrors.forStatus(status, "Triton: " + message, response.retryAfterSeconds());
    }
    return new GatewayException(ErrorKind.UPSTREAM_ERROR, "Triton: " + message, null,
        response.retryAfterSeconds(), null);
  }

  /** An {@code {"error": ...}} object inside a stream or a 200 body. */
  public static GatewayException midStream(JsonNode error) {
    String message = error.isTextual() && !error.asText().isBlank() ? cap(error.asText())
        : cap(error.toString());
    String lower = message.toLowerCase(Locale.ROOT);
    if (containsAny(lower, CONTEXT_LENGTH)) {
      return contextLength(message);
    }
    if (containsAny(lower, OVERLOADED)) {
      return new GatewayException(ErrorKind.UPSTREAM_RATE_LIMITED, "Triton: " + message, null, -1,
          null);
    }
    return new GatewayException(ErrorKind.UPSTREAM_ERROR,
        "The Triton server failed mid-generation: " + message, null, -1, null);
  }

  private static GatewayException contextLength(String message) {
    return new GatewayException(ErrorKind.CONTEXT_LENGTH,
        "The input is longer than the model's context window (Triton: " + message + ").", null,
        -1, null);
  }

  /** The {@code error} of a JSON body, or of an SSE body's first {@code data:} event; or null. */
  private static String message(UpstreamResponse response) {
    String text = response.body().toString().strip();
    if (text.startsWith("data:")) {
      int end = text.indexOf('\n');
      text = text.substring("data:".length(), end < 0 ? text.length() : end).strip();
    }
    JsonNode error;
    try {
      JsonNode body = Json.MAPPER.readTree(text);
      error = body == null ? null : body.get("error");
    } catch (IOException e) {
      return null;
    }
    if (error == null || !error.isTextual() || error.asText().isBlank()) {
      return null;
    }
    return cap(error.asText());
  }

  private static String cap(String message) {
    String text = message.strip();
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
  }

  private static boolean containsAny(String text, List<String> needles) {
    for (String needle : needles) {
      if (text.contains(needle)) {
        return true;
      }
    }
    return false;
  }
}
