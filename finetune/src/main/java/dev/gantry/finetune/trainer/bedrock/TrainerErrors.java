package dev.gantry.finetune.trainer.bedrock;

import dev.gantry.adapters.bedrock.AwsErrorResponse;
import dev.gantry.adapters.bedrock.BedrockErrors;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.finetune.trainer.TrainerException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS errors as {@link TrainerException}s (providers.md §1.5). Retryable: throttling, 5xx and
 * network failures. Credential and permission errors never carry AWS's text (it names accounts,
 * roles and, for S3's {@code SignatureDoesNotMatch}, the string it expected to be signed); other
 * messages travel shortened, with the request values AWS quotes cut out.
 */
final class TrainerErrors {

  private static final Set<String> THROTTLING = Set.of("ThrottlingException",
      "TooManyRequestsException", "SlowDown", "RequestLimitExceeded", "Throttling");
  private static final Set<String> CREDENTIALS = Set.of("AccessDeniedException", "AccessDenied",
      "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException",
      "MissingAuthenticationTokenException", "ExpiredTokenException", "ExpiredToken",
      "InvalidClientTokenId", "SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidToken",
      "RequestTimeTooSkewed");
  private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
  private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

  static final String BEARER_REFUSED = "Bedrock API keys (bearer tokens) are accepted by "
      + "neither S3 nor the Bedrock control plane: fine-tuning needs AWS credentials for SigV4 "
      + "(the provider's accessKeyId and secretAccessKey, a profile, or AWS's default chain).";

  private TrainerErrors() {}

  /** A Bedrock control-plane error answer. */
  static TrainerException controlPlane(String operation, UpstreamResponse response) {
    AwsErrorResponse error = AwsErrorResponse.of(response);
    return map("Bedrock " + operation, error.type(), response.status(), error.message());
  }

  /** An S3 error answer (an XML {@code <Error>}). */
  static TrainerException s3(UpstreamResponse response) {
    String body = response.body() == null ? "" : response.body().toString();
    String code = first(XML_CODE, body);
    String message = first(XML_MESSAGE, body);
    return map("S3 upload", code, response.status(), message);
  }

  /** A network failure or timeout, or anything not yet a {@link TrainerException}. */
  static TrainerException other(String operation, Throwable t) {
    if (t instanceof TrainerException) {
      return (TrainerException) t;
    }
    if (t instanceof GatewayException) {
      // network failures and timeouts may pass; a request the gateway could not sign will not
      boolean retryable = ((GatewayException) t).kind() != ErrorKind.INTERNAL;
      return new TrainerException(operation + " failed: " + t.getMessage(), retryable, t);
    }
    return new TrainerException(operation + " failed (" + t.getClass().getSimpleName() + ").",
        true, t);
  }

  /** Whether an error answer is the conflict of a resource that already exists. */
  static boolean alreadyExists(UpstreamResponse response) {
    AwsErrorResponse error = AwsErrorResponse.of(response);
    String message = error.message() == null ? "" : error.message().toLowerCase();
    return "ConflictException".equals(error.type()) || response.status() == 409
        || ("ValidationException".equals(error.type()) && message.contains("already exist"));
  }

  static boolean notFound(UpstreamResponse response) {
    return response.status() == 404
        || "ResourceNotFoundException".equals(AwsErrorResponse.of(response).type());
  }

  private static TrainerException map(String operation, String type, int status,
      String rawMessage) {
    String named = type != null ? type : "HTTP " + status;
    if (type != null && CREDENTIALS.contains(type)) {
      return new TrainerException(operation + " was refused: the gateway's AWS credentials or "
          + "permissions do not allow it (" + type + ").", false);
    }
    String message = BedrockErrors.sanitize(rawMessage);
    String detail = message == null ? named : named + ": " + message;
    boolean retryable = (type != null && THROTTLING.contains(type)) || status == 429
        || status >= 500;
    return new TrainerException(operation + " failed (" + detail + ").", retryable);
  }

  private static String first(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1).trim() : null;
  }
}
