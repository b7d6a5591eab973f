package dev.gantry.adapters.bedrock;

import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps Bedrock Runtime errors onto the taxonomy (providers.md §1.5), both those answered before a
 * stream starts (rest-json: a status, the type in {@code x-amzn-ErrorType}, {@code {"message"}}
 * in the body) and the exception frames of a stream that began with HTTP 200.
 *
 * <table>
 *   <caption>Bedrock exception → kind</caption>
 *   <tr><td>ThrottlingException (429), ModelNotReadyException (429),
 *       ServiceQuotaExceededException (400!)</td><td>UPSTREAM_RATE_LIMITED (retryable)</td></tr>
 *   <tr><td>ModelTimeoutException (408)</td><td>UPSTREAM_TIMEOUT</td></tr>
 *   <tr><td>ServiceUnavailableException (503)</td><td>UPSTREAM_UNAVAILABLE</td></tr>
 *   <tr><td>InternalServerException (500), ModelStreamErrorException (424),
 *       ModelErrorException (424)</td><td>UPSTREAM_ERROR</td></tr>
 *   <tr><td>AccessDeniedException (403) and the signature/token errors</td><td>UPSTREAM_ERROR:
 *       the gateway's credentials, not the client's fault; Bedrock's text (which names roles and
 *       accounts) is not passed on</td></tr>
 *   <tr><td>ResourceNotFoundException (404)</td><td>UPSTREAM_ERROR: the deployment's model is
 *       unknown to this account or region</td></tr>
 *   <tr><td>ValidationException (400)</td><td>by its message: the context window →
 *       CONTEXT_LENGTH; content filters or guardrails → CONTENT_FILTERED; an invalid model id or a
 *       model needing an inference profile → UPSTREAM_ERROR (a deployment fault, so failover may
 *       help); else INVALID_REQUEST</td></tr>
 *   <tr><td>anything else, or no type at all</td><td>the same message checks, then by status
 *       ({@link UpstreamErrors#forStatus})</td></tr>
 * </table>
 *
 * <p>The type comes from {@code x-amzn-ErrorType} with its {@code :http://internal.amazon.com/...}
 * suffix cut, else from the body's {@code __type} or {@code code} (the part after {@code #}). Only
 * Bedrock's own message travels, shortened, with the values AWS quotes from the request in
 * constraint violations ({@code Value '...' at 'path'}) removed.
 */
public final class BedrockErrors {

  private static final int MAX_MESSAGE = 300;

  private static final Set<String> RATE_LIMITS = Set.of("ThrottlingException",
      "ModelNotReadyException", "ServiceQuotaExceededException", "TooManyRequestsException");
  private static final Set<String> FAILURES = Set.of("InternalServerException",
      "InternalFailure", "ModelStreamErrorException");
  private static final Set<String> CREDENTIALS = Set.of("AccessDeniedException",
      "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException",
      "MissingAuthenticationTokenException", "ExpiredTokenException", "InvalidClientTokenId",
      "SignatureDoesNotMatch");

  /** Lower-case phrases by which Bedrock and its models report a prompt that does not fit. */
  private static final List<String> CONTEXT_PHRASES = List.of("input is too long",
      "prompt is too long", "input length and `max_tokens` exceed context limit",
      "too many total text bytes", "maximum context length", "context window", "context length");
  private static final List<String> FILTER_PHRASES = List.of("content filter", "guardrail");
  private static final List<String> MODEL_ID_PHRASES = List.of("model identifier is invalid",
      "on-demand throughput", "end of its life");

  /** AWS's constraint messages quote the offending request value; it is cut out. */
  private static final Pattern QUOTED_VALUE = Pattern.compile(
      "Value '.*?' at '([A-Za-z0-9_.\\[\\]-]+)' failed to satisfy constraint", Pattern.DOTALL);

  private BedrockErrors() {}

  /** Maps an HTTP error response (Converse, ConverseStream before its first frame, InvokeModel). */
  public static GatewayException fromResponse(UpstreamResponse response) {
    AwsErrorResponse error = AwsErrorResponse.of(response);
    return map(error.type(), response.status(), error.message(), response.retryAfterSeconds());
  }

  /**
   * Maps an exception frame of a stream ({@code :message-type} {@code exception}, with its
   * lowerCamelCase {@code :exception-type}, or {@code error} with its {@code :error-code}).
   *
   * @param exceptionType e.g. {@code throttlingException}, or null when the frame named none
   * @param message the frame's message, or null
   */
  public static GatewayException fromStreamException(String exceptionType, String message) {
    String type = AwsErrorResponse.typeName(exceptionType);
    if (type != null) {
      type = Character.toUpperCase(type.charAt(0)) + type.substring(1);
    }
    return map(type, 0, message, -1);
  }

  /** @param status the HTTP status, or 0 for a stream's exception frame */
  private static GatewayException map(String type, int status, String rawMessage,
      long retryAfter) {
    String message = sanitize(rawMessage);
    String named = type != null ? type : status > 0 ? "HTTP " + status : "stream error";
    String detail = message == null ? named : named + ": " + message;
    if (type != null && RATE_LIMITS.contains(type)) {
      return error(ErrorKind.UPSTREAM_RATE_LIMITED,
          "Bedrock is rate limiting this deployment (" + detail + ").", retryAfter);
    }
    if ("ModelTimeoutException".equals(type)) {
      return error(ErrorKind.UPSTREAM_TIMEOUT, "The Bedrock model timed out (" + detail + ").",
          retryAfter);
    }
    if ("ServiceUnavailableException".equals(type)) {
      return error(ErrorKind.UPSTREAM_UNAVAILABLE, "Bedrock is unavailable (" + detail + ").",
          retryAfter);
    }
    if (type != null && FAILURES.contains(type)) {
      return error(ErrorKind.UPSTREAM_ERROR, "Bedrock failed (" + detail + ").", retryAfter);
    }
    if (type != null && CREDENTIALS.contains(type)) {
      return error(ErrorKind.UPSTREAM_ERROR, "Bedrock rejected the gateway's credentials or "
          + "permissions for this deployment (" + type + ").", retryAfter);
    }
    if ("ResourceNotFoundException".equals(type)) {
      return error(ErrorKind.UPSTREAM_ERROR, "Bedrock does not know the deployment's model in "
          + "this account or region (" + type + "); check the deployment.", retryAfter);
    }
    GatewayException byMessage = byMessage(message, detail);
    if (byMessage != null) {
      return byMessage;
    }
    if ("ValidationException".equals(type)) {
      return error(ErrorKind.INVALID_REQUEST, "Bedrock rejected the request (" + detail + ").",
          retryAfter);
    }
    if ("ModelErrorException".equals(type)) {
      return error(ErrorKind.UPSTREAM_ERROR, "The Bedrock model failed (" + detail + ").",
          retryAfter);
    }
    if (status <= 0) {
      return error(ErrorKind.UPSTREAM_ERROR, "Bedrock failed mid-stream (" + detail + ").", -1);
    }
    return UpstreamErrors.forStatus(status, "Bedrock answered " + detail + ".", retryAfter);
  }

  /** The kinds a message tells, whatever the type: context, filters, a bad model id. */
  private static GatewayException byMessage(String message, String detail) {
    if (message == null) {
      return null;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (CONTEXT_PHRASES.stream().anyMatch(lower::contains)) {
      return new GatewayException(ErrorKind.CONTEXT_LENGTH, "The input is longer than the model's "
          + "context window (Bedrock " + detail + ").", "messages", -1, null);
    }
    if (FILTER_PHRASES.stream().anyMatch(lower::contains)) {
      return error(ErrorKind.CONTENT_FILTERED,
          "Bedrock's content filtering blocked the request (" + detail + ").", -1);
    }
    if (MODEL_ID_PHRASES.stream().anyMatch(lower::contains)) {
      return error(ErrorKind.UPSTREAM_ERROR, "Bedrock rejected the deployment's model id ("
          + detail + "); check the deployment.", -1);
    }
    return null;
  }

  private static GatewayException error(ErrorKind kind, String message, long retryAfter) {
    return new GatewayException(kind, message, null, retryAfter, null);
  }

  /**
   * An AWS error message fit to show: request values cut out, whitespace collapsed, at most
   * {@value #MAX_MESSAGE} characters; null for none. Also used for Bedrock's control plane.
   */
  public static String sanitize(String message) {
    if (message == null || message.isBlank()) {
      return null;
    }
    String safe = QUOTED_VALUE.matcher(message)
        .replaceAll("Value at '$1' failed to satisfy constraint")
        .replaceAll("\\s+", " ").trim();
    if (safe.endsWith(".")) {
      safe = safe.substring(0, safe.length() - 1);
    }
    return safe.length() <= MAX_MESSAGE ? safe : safe.substring(0, MAX_MESSAGE) + "...";
  }
}
