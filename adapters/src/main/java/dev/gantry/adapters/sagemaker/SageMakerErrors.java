package dev.gantry.adapters.sagemaker;

import dev.gantry.adapters.bedrock.AwsErrorResponse;
import dev.gantry.adapters.http.ErrorMapper;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.UpstreamErrors;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps SageMaker Runtime's errors onto the taxonomy: those answered instead of a response
 * (rest-json: a status, the type in {@code x-amzn-ErrorType} or the body's {@code __type}/{@code code},
 * the text in {@code Message} or {@code message}), and the exception events of a response stream.
 *
 * <table>
 *   <caption>SageMaker error → kind</caption>
 *   <tr><td>ModelError (424): the container answered an error status</td><td>the container's
 *       own error ({@code OriginalStatusCode}, {@code OriginalMessage}) through the container's
 *       mapper: TGI's ({@code 422} validation → INVALID_REQUEST, lengths →
 *       CONTEXT_LENGTH, 429/overloaded → UPSTREAM_RATE_LIMITED, 503 → UPSTREAM_UNAVAILABLE) or the
 *       OpenAI-compatible one; no original status: UPSTREAM_TIMEOUT when the container did not
 *       answer in time, else UPSTREAM_ERROR</td></tr>
 *   <tr><td>ValidationError (400)</td><td>UPSTREAM_ERROR when it is about the deployment (an
 *       endpoint, inference component or variant not found or not configured: failover may
 *       help); else INVALID_REQUEST</td></tr>
 *   <tr><td>ThrottlingException (400 or 429)</td><td>UPSTREAM_RATE_LIMITED (retryable)</td></tr>
 *   <tr><td>ServiceUnavailable (503), ModelNotReadyException (429: a serverless endpoint or a
 *       model still loading)</td><td>UPSTREAM_UNAVAILABLE (retryable)</td></tr>
 *   <tr><td>InternalFailure (500), InternalDependencyException (530), InternalStreamFailure</td>
 *       <td>UPSTREAM_ERROR</td></tr>
 *   <tr><td>ModelStreamError (in a stream): {@code ModelInvocationTimeExceeded},
 *       {@code StreamBroken}</td><td>UPSTREAM_TIMEOUT, UPSTREAM_ERROR</td></tr>
 *   <tr><td>InvalidSignatureException, UnrecognizedClientException, AccessDeniedException and
 *       the other signature and token errors</td><td>UPSTREAM_ERROR: the gateway's credentials,
 *       not the client's fault; AWS's text (which names roles and accounts) is not passed
 *       on</td></tr>
 *   <tr><td>anything else</td><td>by status ({@link UpstreamErrors#forStatus})</td></tr>
 * </table>
 *
 * <p>SageMaker's own messages travel shortened, with account ids, ARNs and the CloudWatch
 * "See https://... for more information." sentence cut out. A ModelError's {@code Message} is
 * never passed on (it quotes the account and its log group); the container's own error is.
 */
final class SageMakerErrors {

  private static final int MAX_MESSAGE = 300;

  private static final Set<String> RATE_LIMITS = Set.of("ThrottlingException",
      "TooManyRequestsException");
  private static final Set<String> UNAVAILABLE = Set.of("ServiceUnavailable",
      "ServiceUnavailableException", "ModelNotReadyException");
  private static final Set<String> FAILURES = Set.of("InternalFailure", "InternalServerException",
      "InternalDependencyException", "InternalStreamFailure");
  private static final Set<String> CREDENTIALS = Set.of("AccessDeniedException", "AccessDenied",
      "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature",
      "IncompleteSignatureException", "MissingAuthenticationToken",
      "MissingAuthenticationTokenException", "ExpiredToken", "ExpiredTokenException",
      "InvalidClientTokenId", "SignatureDoesNotMatch");

  /** The ModelError text when no {@code OriginalMessage} came: the container's status and words. */
  private static final Pattern MODEL_ERROR = Pattern.compile(
      "Received (?:client|server) error \\((\\d+)\\) from \\S+ with message \"(.*)\"\\."
          + "(?: See .*)?", Pattern.DOTALL);
  private static final Pattern SEE_LOGS = Pattern.compile("\\s*See https?://\\S+.*$",
      Pattern.DOTALL);
  private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:[^\\s\"',]+");
  private static final Pattern ACCOUNT = Pattern.compile("\\b\\d{12}\\b");

  private SageMakerErrors() {}

  /**
   * The mapper of an error response to an {@code InvokeEndpoint} or
   * {@code InvokeEndpointWithResponseStream} call.
   *
   * @param container maps the container's own error (a ModelError's original status and body)
   */
  static ErrorMapper mapper(ErrorMapper container) {
    return response -> fromResponse(response, container);
  }

  static GatewayException fromResponse(UpstreamResponse response, ErrorMapper container) {
    AwsErrorResponse error = AwsErrorResponse.of(response);
    String type = error.type();
    if ("ModelError".equals(type) || "ModelErrorException".equals(type)) {
      return modelError(error, container);
    }
    return map(type, response.status(), sanitize(error.message()), response.retryAfterSeconds());
  }

  /**
   * Maps an exception event of a response stream ({@code :message-type} {@code exception} with
   * its {@code :exception-type}, or {@code error} with its {@code :error-code}).
   *
   * @param payload the event's payload ({@code {"Message", "ErrorCode"?}}), or null
   */
  static GatewayException fromStreamException(String exceptionType, byte[] payload) {
    AwsErrorResponse event = AwsErrorResponse.ofEvent(exceptionType, payload);
    String type = event.type();
    String message = sanitize(event.message());
    if ("ModelStreamError".equals(type)) {
      String code = event.text("ErrorCode");
      String detail = detail(code == null ? type : type + " " + code, message);
      if ("ModelInvocationTimeExceeded".equals(code)) {
        return error(ErrorKind.UPSTREAM_TIMEOUT, "The SageMaker model did not finish its answer "
            + "in time (" + detail + ").", -1);
      }
      return error(ErrorKind.UPSTREAM_ERROR, "The SageMaker model's stream broke (" + detail
          + ").", -1);
    }
    return map(type, 0, message, -1);
  }

  /** As {@link #fromStreamException(String, byte[])}, for an unmodeled error's header text. */
  static GatewayException fromStreamError(String errorCode, String errorMessage) {
    return map(AwsErrorResponse.typeName(errorCode), 0, sanitize(errorMessage), -1);
  }

  /** The container's error through its own mapper, as if it had answered the gateway itself. */
  private static GatewayException modelError(AwsErrorResponse error, ErrorMapper container) {
    int status = error.body().path("OriginalStatusCode").asInt(0);
    String original = error.text("OriginalMessage");
    Matcher quoted = MODEL_ERROR.matcher(String.valueOf(error.message()));
    if (quoted.matches()) {
      status = status > 0 ? status : Integer.parseInt(quoted.group(1));
      original = original != null ? original : quoted.group(2);
    }
    if (status >= 400 && status < 600) {
      return container.map(new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(),
          Buffer.buffer(original == null ? "" : original)));
    }
    String code = error.text("ErrorCode");
    String what = code == null ? "ModelError" : "ModelError " + code;
    if (original != null && original.toLowerCase(Locale.ROOT).contains("timed out")) {
      return error(ErrorKind.UPSTREAM_TIMEOUT, "The SageMaker model did not answer in time ("
          + what + ").", -1);
    }
    return error(ErrorKind.UPSTREAM_ERROR, "The SageMaker model failed (" + what + ").", -1);
  }

  /** @param status the HTTP status, or 0 for a stream's exception event */
  private static GatewayException map(String type, int status, String message, long retryAfter) {
    String named = type != null ? type : status > 0 ? "HTTP " + status : "stream error";
    String detail = detail(named, message);
    if (type != null && RATE_LIMITS.contains(type)) {
      return error(ErrorKind.UPSTREAM_RATE_LIMITED,
          "SageMaker is rate limiting this deployment (" + detail + ").", retryAfter);
    }
    if (type != null && UNAVAILABLE.contains(type)) {
      return error(ErrorKind.UPSTREAM_UNAVAILABLE, "SageMaker is unavailable (" + detail + ").",
          retryAfter);
    }
    if (type != null && FAILURES.contains(type)) {
      return error(ErrorKind.UPSTREAM_ERROR, "SageMaker failed (" + detail + ").", retryAfter);
    }
    if (type != null && CREDENTIALS.contains(type)) {
      return error(ErrorKind.UPSTREAM_ERROR, "SageMaker rejected the gateway's credentials or "
          + "permissions for this deployment (" + type + ").", retryAfter);
    }
    if ("ValidationError".equals(type) || "ValidationException".equals(type)) {
      return validation(detail, message, retryAfter);
    }
    if (status <= 0) {
      return error(ErrorKind.UPSTREAM_ERROR, "SageMaker failed mid-stream (" + detail + ").", -1);
    }
    return UpstreamErrors.forStatus(status, "SageMaker answered " + detail + ".", retryAfter);
  }

  private static GatewayException validation(String detail, String message, long retryAfter) {
    String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (lower.contains("not found") || lower.contains("inference component")
        || lower.contains("variant") || lower.contains("container hostname")) {
      return error(ErrorKind.UPSTREAM_ERROR, "SageMaker refused the deployment's endpoint "
          + "settings (" + detail + "); check the deployment's model and options.", retryAfter);
    }
    return error(ErrorKind.INVALID_REQUEST, "SageMaker rejected the request (" + detail + ").",
        -1);
  }

  private static String detail(String named, String message) {
    return message == null ? named : named + ": " + message;
  }

  private static GatewayException error(ErrorKind kind, String message, long retryAfter) {
    return new GatewayException(kind, message, null, retryAfter, null);
  }

  /**
   * Without the CloudWatch pointer, ARNs and account ids; whitespace collapsed, at most
   * {@value #MAX_MESSAGE} characters; null when nothing is left.
   */
  static String sanitize(String message) {
    if (message == null) {
      return null;
    }
    String safe = SEE_LOGS.matcher(message).replaceAll("");
    safe = ARN.matcher(safe).replaceAll("<arn>");
    safe = ACCOUNT.matcher(safe).replaceAll("<account>").replaceAll("\\s+", " ").trim();
    if (safe.endsWith(".")) {
      safe = safe.substring(0, safe.length() - 1);
    }
    if (safe.isEmpty()) {
      return null;
    }
    return safe.length() <= MAX_MESSAGE ? safe : safe.substring(0, MAX_MESSAGE) + "...";
  }
}
