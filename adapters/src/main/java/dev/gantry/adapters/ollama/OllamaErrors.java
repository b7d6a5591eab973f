package dev.gantry.adapters.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Maps Ollama's errors onto the taxonomy. Ollama answers {@code {"error":"<message>"}} with 400,
 * 404 (model not found), 429, 500 or 502 ({@code docs/api/errors.mdx}); after a stream started, the
 * same object arrives as an NDJSON line under HTTP 200 ({@link #midStream(String)}).
 *
 * <p>A 404 naming a model means the deployment's model is not pulled on that server: that is a
 * deployment fault (UPSTREAM_ERROR, so failover may try another deployment), not the client's
 * unknown alias (MODEL_NOT_FOUND). Context-window overflows are recognized by Ollama's wording,
 * which the docs do not quote; it comes from the server's source ({@code server/routes.go}:
 * "input exceeds maximum context length ...") and its runners ("the input length exceeds the
 * context length"), sent as 400 by current releases and as 500 by older ones.
 */
public final class OllamaErrors {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 300;
  /** {@code model 'x' not found} (current) and {@code model "x" not found, try pulling it first}. */
  private static final Pattern MODEL_NOT_FOUND =
      Pattern.compile("^model ['\"].*['\"] not found.*", Pattern.DOTALL);

  private OllamaErrors() {}

  /**
   * Maps an HTTP error response to a call for one model (chat, embeddings).
   *
   * @param upstreamModel the deployment's model name, named when Ollama says it is not pulled
   */
  public static GatewayException map(UpstreamResponse response, String upstreamModel) {
    return mapFor(response, Objects.requireNonNull(upstreamModel, "upstreamModel"));
  }

  /** Maps an HTTP error response to a call that names no model ({@code /api/tags}). */
  public static GatewayException map(UpstreamResponse response) {
    return mapFor(response, null);
  }

  private static GatewayException mapFor(UpstreamResponse response, String upstreamModel) {
    int status = response.status();
    String message = errorMessage(response);
    if (message == null) {
      return UpstreamErrors.forStatus(status,
          "The Ollama server answered HTTP " + status + " without an error message.",
          response.retryAfterSeconds());
    }
    if (isContextLength(message)) {
      return new GatewayException(ErrorKind.CONTEXT_LENGTH,
          "The input is longer than the model's context window (Ollama: " + message + ").",
          null, -1, null);
    }
    if (status == 404 && upstreamModel != null && MODEL_NOT_FOUND.matcher(message).matches()) {
      return new GatewayException(ErrorKind.UPSTREAM_ERROR,
          "The deployment's model `" + upstreamModel + "` is not pulled on its Ollama server "
              + "(run `ollama pull " + upstreamModel + "` there).", null, -1, null);
    }
    return UpstreamErrors.forStatus(status, "Ollama: " + message, response.retryAfterSeconds());
  }

  /**
   * An {@code {"error": ...}} object in a successful response: an NDJSON line inside a stream that
   * began with HTTP 200, where the status can no longer change.
   */
  public static GatewayException midStream(String message) {
    return new GatewayException(ErrorKind.UPSTREAM_ERROR,
        "The Ollama server failed mid-stream: " + shorten(message), null, -1, null);
  }

  /** True for Ollama's wordings of a context-window overflow. */
  static boolean isContextLength(String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.contains("exceeds the context length")
        || lower.contains("exceeds maximum context length");
  }

  /** The body's {@code error} string, shortened, or null when the body is not Ollama's shape. */
  private static String errorMessage(UpstreamResponse response) {
    JsonNode body;
    try {
      body = JSON.readTree(response.body().getBytes());
    } catch (IOException e) {
      return null;
    }
    if (body == null || !body.path("error").isTextual() || body.path("error").asText().isBlank()) {
      return null;
    }
    return shorten(body.path("error").asText().trim());
  }

  private static String shorten(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
  }
}
