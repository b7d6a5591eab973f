package dev.gantry.adapters.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.ErrorMapper;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.huggingface.tgi.TgiErrors;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * SageMaker Runtime's error answers (rest-json, types from the service model; bodies as SageMaker
 * sends them, see {@code sagemaker/SOURCE.md}) mapped onto the taxonomy.
 */
class SageMakerErrorsTest {

  private static final String SUFFIX = ":http://internal.amazon.com/coral/com.amazon.coral.service/";
  private static final String ACCOUNT = "123456789012";
  private static final String LOG_LINK = " See https://us-east-1.console.aws.amazon.com/cloudwatch/"
      + "home?region=us-east-1#logEventViewer:group=/aws/sagemaker/Endpoints/qwen3-tgi in account "
      + ACCOUNT + " for more information.";

  @Test
  void fromResponse_modelErrorTgiLengthValidation_isContextLength() {
    GatewayException e = tgi(modelError(422, "{\"error\":\"Input validation error: `inputs` "
        + "tokens + `max_new_tokens` must be <= 1512. Given: 1000 `inputs` tokens and 1000 "
        + "`max_new_tokens`\",\"error_type\":\"validation\"}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
    assertThat(e.getMessage()).contains("must be <= 1512").doesNotContain(ACCOUNT)
        .doesNotContain("cloudwatch");
  }

  @Test
  void fromResponse_modelErrorTgiValidation_isInvalidRequestWithTgisMessage() {
    GatewayException e = tgi(modelError(422, "{\"error\":\"Input validation error: `top_p` must "
        + "be > 0.0 and < 1.0\",\"error_type\":\"validation\"}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).isEqualTo("TGI: Input validation error: `top_p` must be > 0.0 and "
        + "< 1.0");
  }

  @Test
  void fromResponse_modelErrorTgiOverloaded_isRetryableRateLimit() {
    GatewayException e = tgi(modelError(429, "{\"error\":\"Model is overloaded\","
        + "\"error_type\":\"overloaded\"}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(e.kind().retryable()).isTrue();
  }

  @Test
  void fromResponse_modelErrorWithoutOriginalFields_readsTheContainerFromTheMessage() {
    JsonObject body = new JsonObject().put("ErrorCode", "CLIENT_ERROR_FROM_MODEL")
        .put("Message", "Received client error (422) from primary with message \"{\"error\":"
            + "\"Input validation error: `inputs` must have less than 4096 tokens. Given: 5000\","
            + "\"error_type\":\"validation\"}\"." + LOG_LINK);

    GatewayException e = tgi(response(424, "ModelError", body));

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
    assertThat(e.getMessage()).doesNotContain(ACCOUNT);
  }

  @Test
  void fromResponse_modelErrorOpenAiContainer_mappedByTheOpenAiRules() {
    GatewayException e = SageMakerErrors.fromResponse(modelError(400, "{\"error\":{\"message\":"
        + "\"This model's maximum context length is 8192 tokens.\",\"type\":"
        + "\"invalid_request_error\",\"param\":\"messages\",\"code\":null}}"),
        OpenAiErrors::fromResponse);

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
  }

  @Test
  void fromResponse_modelErrorContainerTimedOut_isUpstreamTimeout() {
    JsonObject body = new JsonObject().put("ErrorCode", "INTERNAL_FAILURE_FROM_MODEL")
        .put("Message", "Received server error (0) from primary with message \"Your invocation "
            + "timed out while waiting for a response from container primary. Review the latency "
            + "metrics for each container in Amazon CloudWatch, resolve the issue, and try "
            + "again.\"." + LOG_LINK);

    GatewayException e = tgi(response(424, "ModelError", body));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    assertThat(e.getMessage()).isEqualTo("The SageMaker model did not answer in time (ModelError "
        + "INTERNAL_FAILURE_FROM_MODEL).");
  }

  @Test
  void fromResponse_endpointNotFound_isADeploymentErrorWithoutTheAccount() {
    GatewayException e = tgi(response(400, "ValidationError",
        new JsonObject().put("message", "Endpoint qwen3 of account " + ACCOUNT + " not found.")));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).isEqualTo("SageMaker refused the deployment's endpoint settings "
        + "(ValidationError: Endpoint qwen3 of account <account> not found); check the "
        + "deployment's model and options.");
  }

  @Test
  void fromResponse_otherValidationError_isInvalidRequest() {
    GatewayException e = tgi(response(400, "ValidationError", new JsonObject().put("message",
        "1 validation error detected: Value at 'body' failed to satisfy constraint: Member must "
            + "have length less than or equal to 6291456")));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).startsWith("SageMaker rejected the request (ValidationError: ");
  }

  @Test
  void fromResponse_throttlingAnsweredWith400_isRetryableRateLimit() {
    GatewayException e = tgi(response(400, "ThrottlingException",
        new JsonObject().putNull("message")));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(e.getMessage()).isEqualTo("SageMaker is rate limiting this deployment "
        + "(ThrottlingException).");
  }

  @Test
  void fromResponse_serviceUnavailableAndModelNotReady_areRetryableUnavailable() {
    assertThat(tgi(response(503, "ServiceUnavailable", new JsonObject())).kind())
        .isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(tgi(response(429, "ModelNotReadyException", new JsonObject().put("message",
        "Model is not yet ready"))).kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
  }

  @Test
  void fromResponse_internalFailure_isUpstreamError() {
    GatewayException e = tgi(response(500, "InternalFailure", new JsonObject()));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).isEqualTo("SageMaker failed (InternalFailure).");
  }

  @Test
  void fromResponse_credentialErrors_nameTheTypeButNotAwsText() {
    for (String type : new String[] {"InvalidSignatureException", "UnrecognizedClientException",
        "AccessDeniedException"}) {
      GatewayException e = tgi(response(403, type, new JsonObject().put("message", "User: "
          + "arn:aws:sts::" + ACCOUNT + ":assumed-role/gantry/i-0abc is not authorized to perform:"
          + " sagemaker:InvokeEndpoint")));

      assertThat(e.kind()).as(type).isEqualTo(ErrorKind.UPSTREAM_ERROR);
      assertThat(e.getMessage()).isEqualTo("SageMaker rejected the gateway's credentials or "
          + "permissions for this deployment (" + type + ").");
    }
  }

  @Test
  void fromResponse_typeOnlyInTheBody_isRead() {
    UpstreamResponse r = new UpstreamResponse(400, MultiMap.caseInsensitiveMultiMap(),
        new JsonObject().put("__type", "com.amazon.coral.availability#ThrottlingException")
            .toBuffer());

    assertThat(tgi(r).kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
  }

  @Test
  void fromResponse_noTypeAndNoJson_byStatus() {
    UpstreamResponse r = new UpstreamResponse(502, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer("<html>Bad Gateway</html>"));

    assertThat(tgi(r).kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
  }

  @Test
  void sanitize_arnsAccountsAndLogLinks_cutOut() {
    assertThat(SageMakerErrors.sanitize("Could not access arn:aws:sagemaker:us-east-1:" + ACCOUNT
        + ":inference-component/x for " + ACCOUNT + "." + LOG_LINK))
        .isEqualTo("Could not access <arn> for <account>");
  }

  private static GatewayException tgi(UpstreamResponse response) {
    ErrorMapper tgi = TgiErrors::map;
    return SageMakerErrors.mapper(tgi).map(response);
  }

  private static UpstreamResponse modelError(int status, String containerBody) {
    return response(424, "ModelError", new JsonObject()
        .put("ErrorCode", "CLIENT_ERROR_FROM_MODEL")
        .put("LogStreamArn", "arn:aws:logs:us-east-1:" + ACCOUNT
            + ":log-group:/aws/sagemaker/Endpoints/qwen3-tgi")
        .put("Message", "Received client error (" + status + ") from primary with message \""
            + containerBody + "\"." + LOG_LINK)
        .put("OriginalMessage", containerBody)
        .put("OriginalStatusCode", status));
  }

  private static UpstreamResponse response(int status, String type, JsonObject body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("x-amzn-ErrorType", type + SUFFIX);
    return new UpstreamResponse(status, headers, body.toBuffer());
  }
}
