package dev.gantry.adapters.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Vertex AI errors (providers.md §3.9) onto the taxonomy: the {@code google.rpc.Status} body
 * {@code {"error":{code, message, status, details}}} of any Vertex API (Gemini, partner models,
 * {@code :predict}), the same object inside a 200 stream, non-JSON bodies (the HTML 404 of a
 * wrong location) by status, and a prompt Gemini blocked.
 *
 * <table>
 *   <caption>google.rpc code → kind</caption>
 *   <tr><td>RESOURCE_EXHAUSTED (429)</td><td>UPSTREAM_RATE_LIMITED (retryable), retry delay from
 *       {@code google.rpc.RetryInfo} or {@code retry-after}</td></tr>
 *   <tr><td>UNAVAILABLE (503)</td><td>UPSTREAM_UNAVAILABLE</td></tr>
 *   <tr><td>DEADLINE_EXCEEDED (504)</td><td>UPSTREAM_TIMEOUT</td></tr>
 *   <tr><td>INTERNAL, UNKNOWN, CANCELLED, ABORTED, DATA_LOSS</td><td>UPSTREAM_ERROR</td></tr>
 *   <tr><td>UNAUTHENTICATED, PERMISSION_DENIED, and any status whose {@code ErrorInfo} reason is
 *       API_KEY_INVALID (an INVALID_ARGUMENT)</td><td>UPSTREAM_ERROR: the gateway's service
 *       account, not the client's fault; Google's text (naming projects) is not passed on</td></tr>
 *   <tr><td>NOT_FOUND</td><td>UPSTREAM_ERROR: the deployment's model, project or location</td></tr>
 *   <tr><td>FAILED_PRECONDITION</td><td>UPSTREAM_ERROR: a project condition (billing, API not
 *       enabled, unsupported location), so failover may help</td></tr>
 *   <tr><td>INVALID_ARGUMENT</td><td>CONTEXT_LENGTH when the message is about a token limit, else
 *       INVALID_REQUEST</td></tr>
 *   <tr><td>no status (not JSON)</td><td>by HTTP status ({@link UpstreamErrors#forStatus})</td></tr>
 * </table>
 *
 * <p>Only Google's own message travels, shortened, with project numbers and resource names cut.
 */
public final class VertexErrors {

  private static final int MAX_MESSAGE = 300;
  private static final List<String> TOKEN_PHRASES = List.of("input token count",
      "exceeds the maximum number of tokens", "token limit", "context length", "context window",
      "prompt is too long");
  private static final Pattern PROJECTS = Pattern.compile(
      "(project_number:\\d+|projects/[^\\s'\"/]+)");
  private static final Pattern SECONDS = Pattern.compile("^(\\d+)(\\.\\d+)?s$");

  private VertexErrors() {}

  /** Maps an HTTP error response; usable as an {@code ErrorMapper}. */
  public static GatewayException fromResponse(UpstreamResponse response) {
    JsonNode error = null;
    if (response.body() != null && response.body().length() > 0) {
      try {
        JsonNode body = GeminiJson.JSON.readTree(response.body().getBytes());
        error = body != null && body.isObject() ? body.get("error") : null;
      } catch (IOException notJson) {
        error = null;
      }
    }
    if (error == null || !error.isObject()) {
      return UpstreamErrors.forStatus(response.status(),
          "Vertex AI answered HTTP " + response.status() + ".", response.retryAfterSeconds());
    }
    return map(error, response.status(), response.retryAfterSeconds());
  }

  /** Maps the {@code error} object of an event inside a 200 stream. */
  public static GatewayException fromStreamError(JsonNode error) {
    return map(error, 0, -1);
  }

  /**
   * The error for a prompt Gemini refused ({@code promptFeedback.blockReason}), or null when
   * there is no block reason.
   */
  public static GatewayException promptBlocked(JsonNode promptFeedback) {
    String reason = GeminiJson.string(promptFeedback, "blockReason");
    if (reason == null) {
      return null;
    }
    String message = sanitize(GeminiJson.string(promptFeedback, "blockReasonMessage"));
    return new GatewayException(ErrorKind.CONTENT_FILTERED, "Gemini blocked the prompt ("
        + reason + (message == null ? "" : ": " + message) + ").", "messages", -1, null);
  }

  /** @param httpStatus the HTTP status, or 0 inside a stream */
  private static GatewayException map(JsonNode error, int httpStatus, long retryAfter) {
    String status = GeminiJson.string(error, "status");
    int code = httpStatus > 0 ? httpStatus : error.path("code").asInt(0);
    String message = sanitize(GeminiJson.string(error, "message"));
    String named = status != null ? status : code > 0 ? "HTTP " + code : "error event";
    String detail = message == null ? named : named + ": " + message;
    if (status == null) {
      return code > 0 ? UpstreamErrors.forStatus(code, "Vertex AI answered " + detail + ".",
          retryAfter) : error(ErrorKind.UPSTREAM_ERROR,
          "Vertex AI failed mid-stream (" + detail + ").", -1);
    }
    if ("API_KEY_INVALID".equals(reason(error))) {
      status = "UNAUTHENTICATED";
    }
    switch (status) {
      case "RESOURCE_EXHAUSTED":
        long delay = retryDelay(error);
        return error(ErrorKind.UPSTREAM_RATE_LIMITED,
            "Vertex AI is rate limiting this deployment (" + detail + ").",
            delay >= 0 ? delay : retryAfter);
      case "UNAVAILABLE":
        return error(ErrorKind.UPSTREAM_UNAVAILABLE, "Vertex AI is unavailable (" + detail + ").",
            retryAfter);
      case "DEADLINE_EXCEEDED":
        return error(ErrorKind.UPSTREAM_TIMEOUT, "Vertex AI timed out (" + detail + ").",
            retryAfter);
      case "UNAUTHENTICATED":
      case "PERMISSION_DENIED":
        return error(ErrorKind.UPSTREAM_ERROR, "Vertex AI rejected the gateway's credentials or "
            + "permissions for this deployment (" + status + "); check its service account.",
            retryAfter);
      case "NOT_FOUND":
        return error(ErrorKind.UPSTREAM_ERROR, "Vertex AI does not know the deployment's model, "
            + "project or location (" + detail + "); check the deployment.", retryAfter);
      case "FAILED_PRECONDITION":
        return error(ErrorKind.UPSTREAM_ERROR, "Vertex AI cannot serve this deployment now ("
            + detail + "); check the project.", retryAfter);
      case "INVALID_ARGUMENT":
        if (message != null && TOKEN_PHRASES.stream()
            .anyMatch(message.toLowerCase(Locale.ROOT)::contains)) {
          return new GatewayException(ErrorKind.CONTEXT_LENGTH, "The input is longer than the "
              + "model's context window (Vertex AI " + detail + ").", "messages", -1, null);
        }
        return error(ErrorKind.INVALID_REQUEST, "Vertex AI rejected the request (" + detail
            + ").", -1);
      default:
        return error(ErrorKind.UPSTREAM_ERROR, "Vertex AI failed (" + detail + ").", retryAfter);
    }
  }

  /** The {@code reason} of a {@code google.rpc.ErrorInfo} detail, or null. */
  private static String reason(JsonNode error) {
    for (JsonNode d : error.path("details")) {
      if (d.path("@type").asText("").endsWith("google.rpc.ErrorInfo")) {
        return GeminiJson.string(d, "reason");
      }
    }
    return null;
  }

  /** Seconds of a {@code google.rpc.RetryInfo} detail's {@code retryDelay}, or -1. */
  private static long retryDelay(JsonNode error) {
    for (JsonNode d : error.path("details")) {
      if (d.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
        Matcher m = SECONDS.matcher(d.path("retryDelay").asText(""));
        if (m.matches()) {
          return Long.parseLong(m.group(1)) + (m.group(2) == null ? 0 : 1);
        }
      }
    }
    return -1;
  }

  private static GatewayException error(ErrorKind kind, String message, long retryAfter) {
    return new GatewayException(kind, message, null, retryAfter, null);
  }

  /** Project ids cut, whitespace collapsed, at most {@value #MAX_MESSAGE} characters. */
  private static String sanitize(String message) {
    if (message == null || message.isBlank()) {
      return null;
    }
    String safe = PROJECTS.matcher(message).replaceAll("(project)").replaceAll("\\s+", " ").trim();
    if (safe.endsWith(".")) {
      safe = safe.substring(0, safe.length() - 1);
    }
    return safe.length() <= MAX_MESSAGE ? safe : safe.substring(0, MAX_MESSAGE) + "...";
  }
}
