package dev.gantry.adapters.vertex.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.io.IOException;

/**
 * Maps Anthropic's errors, {@code {"type":"error","error":{"type","message"}}} in an error body
 * or in a stream's {@code error} event, onto the taxonomy.
 *
 * <table>
 *   <caption>Anthropic error type → kind</caption>
 *   <tr><td>overloaded_error (529)</td><td>UPSTREAM_UNAVAILABLE (retryable)</td></tr>
 *   <tr><td>rate_limit_error (429)</td><td>UPSTREAM_RATE_LIMITED (retryable)</td></tr>
 *   <tr><td>api_error (500), timeout_error</td><td>UPSTREAM_ERROR / UPSTREAM_TIMEOUT</td></tr>
 *   <tr><td>authentication_error, permission_error, not_found_error</td><td>UPSTREAM_ERROR: the
 *       deployment's credentials or model, not the client's fault</td></tr>
 *   <tr><td>invalid_request_error, request_too_large</td><td>CONTEXT_LENGTH when the message says
 *       the prompt is too long, else INVALID_REQUEST</td></tr>
 *   <tr><td>anything else</td><td>by HTTP status ({@link UpstreamErrors#forStatus})</td></tr>
 * </table>
 *
 * <p>Vertex itself answers quota and auth failures in the google.rpc shape (providers.md §3.9);
 * such bodies are not Anthropic's and fall back to the status mapping here.
 */
public final class AnthropicErrors {

  private static final int MAX_MESSAGE = 300;

  private AnthropicErrors() {}

  /** An error response (non-2xx) as an exception. */
  public static GatewayException fromResponse(UpstreamResponse response) {
    JsonNode error = null;
    try {
      JsonNode body = AnthropicJson.MAPPER.readTree(response.body().getBytes());
      error = body == null ? null : body.get("error");
    } catch (IOException notJson) {
      // not Anthropic's shape: mapped by status below
    }
    String type = AnthropicJson.string(error, "type");
    String message = AnthropicJson.string(error, "message");
    if (type == null) {
      return UpstreamErrors.forStatus(response.status(), "Claude on Vertex answered HTTP "
          + response.status() + ".", response.retryAfterSeconds());
    }
    return of(type, message, response.status(), response.retryAfterSeconds());
  }

  /** A stream's {@code error} event payload as an exception. */
  public static GatewayException fromStreamEvent(JsonNode event) {
    JsonNode error = event.get("error");
    String type = AnthropicJson.string(error, "type");
    return of(type == null ? "api_error" : type, AnthropicJson.string(error, "message"), 200, -1);
  }

  private static GatewayException of(String type, String message, int status, long retryAfter) {
    String text = "Claude on Vertex failed (" + type + ")"
        + (message == null ? "." : ": " + shorten(message));
    switch (type) {
      case "overloaded_error":
        return new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE, text, null, retryAfter, null);
      case "rate_limit_error":
        return new GatewayException(ErrorKind.UPSTREAM_RATE_LIMITED, text, null, retryAfter, null);
      case "api_error":
        return new GatewayException(ErrorKind.UPSTREAM_ERROR, text, null, -1, null);
      case "timeout_error":
        return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, text, null, -1, null);
      case "authentication_error":
      case "permission_error":
      case "not_found_error":
        return new GatewayException(ErrorKind.UPSTREAM_ERROR, "Claude on Vertex refused the "
            + "deployment's credentials or model (" + type + ").", null, -1, null);
      case "invalid_request_error":
      case "request_too_large":
        boolean tooLong = message != null && message.toLowerCase().contains("prompt is too long");
        return new GatewayException(tooLong ? ErrorKind.CONTEXT_LENGTH : ErrorKind.INVALID_REQUEST,
            text, null, -1, null);
      default:
        return status >= 400 ? UpstreamErrors.forStatus(status, text, retryAfter)
            : new GatewayException(ErrorKind.UPSTREAM_ERROR, text, null, -1, null);
    }
  }

  private static String shorten(String message) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < message.length() && sb.length() < MAX_MESSAGE; i++) {
      char c = message.charAt(i);
      sb.append(c >= 0x20 ? c : ' ');
    }
    return sb.toString();
  }
}
