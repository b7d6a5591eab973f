package dev.gantry.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of providers.md §1.5, and the ways Bedrock names an error. */
class BedrockErrorsTest {

  private static final String SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "ThrottlingException|429|Too many requests, please wait before trying again.|UPSTREAM_RATE_LIMITED|Bedrock is rate limiting this deployment (ThrottlingException: Too many requests, please wait before trying again).",
      "ModelNotReadyException|429|The model is not ready to serve inference requests.|UPSTREAM_RATE_LIMITED|Bedrock is rate limiting this deployment (ModelNotReadyException: The model is not ready to serve inference requests).",
      "ServiceQuotaExceededException|400|Your request exceeds the service quota for your account.|UPSTREAM_RATE_LIMITED|Bedrock is rate limiting this deployment (ServiceQuotaExceededException: Your request exceeds the service quota for your account).",
      "ModelTimeoutException|408|Model has timed out in processing the request.|UPSTREAM_TIMEOUT|The Bedrock model timed out (ModelTimeoutException: Model has timed out in processing the request).",
      "ServiceUnavailableException|503|Bedrock is unable to process your request.|UPSTREAM_UNAVAILABLE|Bedrock is unavailable (ServiceUnavailableException: Bedrock is unable to process your request).",
      "InternalServerException|500|The server encountered an internal error.|UPSTREAM_ERROR|Bedrock failed (InternalServerException: The server encountered an internal error).",
      "ModelStreamErrorException|424|An error occurred while streaming.|UPSTREAM_ERROR|Bedrock failed (ModelStreamErrorException: An error occurred while streaming).",
      "ModelErrorException|424|The model returned an error.|UPSTREAM_ERROR|The Bedrock model failed (ModelErrorException: The model returned an error).",
      "AccessDeniedException|403|User: arn:aws:sts::123456789012:assumed-role/gw is not authorized to perform: bedrock:InvokeModel|UPSTREAM_ERROR|Bedrock rejected the gateway's credentials or permissions for this deployment (AccessDeniedException).",
      "UnrecognizedClientException|403|The security token included in the request is invalid.|UPSTREAM_ERROR|Bedrock rejected the gateway's credentials or permissions for this deployment (UnrecognizedClientException).",
      "ResourceNotFoundException|404|Model not found.|UPSTREAM_ERROR|Bedrock does not know the deployment's model in this account or region (ResourceNotFoundException); check the deployment.",
      "ValidationException|400|Malformed input request: #: extraneous key [foo] is not permitted, please reformat your input and try again.|INVALID_REQUEST|Bedrock rejected the request (ValidationException: Malformed input request: #: extraneous key [foo] is not permitted, please reformat your input and try again).",
      "ValidationException|400|Input is too long for requested model.|CONTEXT_LENGTH|The input is longer than the model's context window (Bedrock ValidationException: Input is too long for requested model).",
      "ValidationException|400|The model returned the following errors: prompt is too long: 903884 tokens > 200000 maximum|CONTEXT_LENGTH|The input is longer than the model's context window (Bedrock ValidationException: The model returned the following errors: prompt is too long: 903884 tokens > 200000 maximum).",
      "ValidationException|400|The model returned the following errors: input length and `max_tokens` exceed context limit: 199000 + 21333 > 200000|CONTEXT_LENGTH|The input is longer than the model's context window (Bedrock ValidationException: The model returned the following errors: input length and `max_tokens` exceed context limit: 199000 + 21333 > 200000).",
      "ValidationException|400|This request has been blocked by our content filters.|CONTENT_FILTERED|Bedrock's content filtering blocked the request (ValidationException: This request has been blocked by our content filters).",
      "ValidationException|400|The model returned the following errors: Output blocked by content filtering policy|CONTENT_FILTERED|Bedrock's content filtering blocked the request (ValidationException: The model returned the following errors: Output blocked by content filtering policy).",
      "ValidationException|400|The provided model identifier is invalid.|UPSTREAM_ERROR|Bedrock rejected the deployment's model id (ValidationException: The provided model identifier is invalid); check the deployment.",
      "ValidationException|400|Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.|UPSTREAM_ERROR|Bedrock rejected the deployment's model id (ValidationException: Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model); check the deployment.",
      "ConflictException|400|Conflict.|INVALID_REQUEST|Bedrock answered ConflictException: Conflict."})
  void fromResponse_typedError_mapsKindAndMessage(String type, int status, String message,
      ErrorKind kind, String expected) {
    GatewayException e = BedrockErrors.fromResponse(response(status, type + SUFFIX,
        "{\"message\":\"" + message.replace("\"", "\\\"") + "\"}"));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.getMessage()).isEqualTo(expected);
  }

  @Test
  void fromResponse_contextLength_namesMessagesParam() {
    GatewayException e = BedrockErrors.fromResponse(response(400, "ValidationException",
        "{\"message\":\"Input is too long for requested model.\"}"));

    assertThat(e.param()).isEqualTo("messages");
    assertThat(e.kind().code()).isEqualTo("context_length_exceeded");
  }

  @Test
  void fromResponse_throttlingWithRetryAfter_keepsIt() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("X-Amzn-ErrorType", "ThrottlingException" + SUFFIX).add("Retry-After", "7");

    GatewayException e = BedrockErrors.fromResponse(new UpstreamResponse(429, headers,
        Buffer.buffer("{\"message\":\"Too many tokens, please wait before trying again.\"}")));

    assertThat(e.retryAfterSeconds()).isEqualTo(7);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void fromResponse_typeInBodyWithNamespace_cutAtHash() {
    GatewayException e = BedrockErrors.fromResponse(response(429, null,
        "{\"__type\":\"com.amazon.coral.service#ThrottlingException\",\"Message\":\"Rate exceeded\"}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(e.getMessage()).contains("(ThrottlingException: Rate exceeded)");
  }

  @Test
  void fromResponse_typeInBodyCode_used() {
    GatewayException e = BedrockErrors.fromResponse(response(408, null,
        "{\"code\":\"ModelTimeoutException\",\"message\":\"Timed out.\"}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
  }

  @Test
  void fromResponse_noTypeRecorded400_classifiedByMessage() {
    GatewayException e = BedrockErrors.fromResponse(response(400, null,
        "{\"message\":\"The provided model identifier is invalid.\"}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).isEqualTo("Bedrock rejected the deployment's model id "
        + "(HTTP 400: The provided model identifier is invalid); check the deployment.");
  }

  @Test
  void fromResponse_noTypePlain400_invalidRequest() {
    GatewayException e = BedrockErrors.fromResponse(response(400, null,
        "{\"message\":\"messages: at least one message is required\"}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage())
        .isEqualTo("Bedrock answered HTTP 400: messages: at least one message is required.");
  }

  @Test
  void fromResponse_htmlBodyNoType_mappedByStatus() {
    GatewayException e = BedrockErrors.fromResponse(response(502, null,
        "<html><body>Bad Gateway</body></html>"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(e.getMessage()).isEqualTo("Bedrock answered HTTP 502.");
  }

  @Test
  void fromResponse_emptyBody429_rateLimited() {
    GatewayException e = BedrockErrors.fromResponse(response(429, null, ""));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
  }

  @Test
  void fromResponse_constraintViolationQuotingRequest_valueRemoved() {
    GatewayException e = BedrockErrors.fromResponse(response(400, "ValidationException",
        "{\"message\":\"1 validation error detected: Value 'my secret prompt' at "
            + "'messages.1.member.content' failed to satisfy constraint: Member must not be null\"}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).doesNotContain("my secret prompt")
        .contains("Value at 'messages.1.member.content' failed to satisfy constraint");
  }

  @Test
  void fromResponse_longMessage_shortened() {
    GatewayException e = BedrockErrors.fromResponse(response(400, "ValidationException",
        "{\"message\":\"" + "x".repeat(2000) + "\"}"));

    assertThat(e.getMessage().length()).isLessThan(400);
  }

  @ParameterizedTest
  @CsvSource({"throttlingException,UPSTREAM_RATE_LIMITED", "modelStreamErrorException,UPSTREAM_ERROR",
      "internalServerException,UPSTREAM_ERROR", "serviceUnavailableException,UPSTREAM_UNAVAILABLE",
      "modelTimeoutException,UPSTREAM_TIMEOUT", "validationException,INVALID_REQUEST",
      "someNewException,UPSTREAM_ERROR"})
  void fromStreamException_lowerCamelType_mappedLikeHttp(String type, ErrorKind kind) {
    GatewayException e = BedrockErrors.fromStreamException(type, "Something happened.");

    assertThat(e.kind()).isEqualTo(kind);
  }

  @Test
  void fromStreamException_noType_upstreamError() {
    GatewayException e = BedrockErrors.fromStreamException(null, null);

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).isEqualTo("Bedrock failed mid-stream (stream error).");
  }

  private static UpstreamResponse response(int status, String errorType, String body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (errorType != null) {
      headers.add("x-amzn-ErrorType", errorType);
    }
    headers.add("content-type", "application/json");
    return new UpstreamResponse(status, headers, Buffer.buffer(body));
  }
}
