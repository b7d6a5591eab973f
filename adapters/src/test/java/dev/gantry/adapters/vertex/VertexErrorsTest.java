package dev.gantry.adapters.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VertexErrorsTest {

  private static final Path FIXTURES = Path.of(
      "src/test/resources/fixtures", "vertex",
      "firebase-mock-responses-vertexai");

  @ParameterizedTest
  @CsvSource({
      "unary-failure-quota-exceeded.json, 429, UPSTREAM_RATE_LIMITED",
      "unary-failure-iam-permission-denied.json, 403, UPSTREAM_ERROR",
      "unary-failure-model-not-found.json, 404, UPSTREAM_ERROR",
      "unary-failure-unsupported-user-location.json, 400, UPSTREAM_ERROR",
      "unary-failure-api-key.json, 400, UPSTREAM_ERROR",
      "unary-failure-invalid-location-url-not-found.html, 404, UPSTREAM_ERROR"})
  void fromResponse_realBodies_mappedKind(String file, int status, ErrorKind kind) {
    GatewayException e = VertexErrors.fromResponse(response(status,
        new String(GoldenFiles.bytes(FIXTURES.resolve(file)))));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.getMessage()).doesNotContain("test-project-id-1234", "348715329010",
        "AIzv00G7");
  }

  @Test
  void fromResponse_permissionDenied_clearCredentialsMessage() {
    GatewayException e = VertexErrors.fromResponse(response(403, new String(
        GoldenFiles.bytes(FIXTURES.resolve("unary-failure-iam-permission-denied.json")))));

    assertThat(e.getMessage()).isEqualTo("Vertex AI rejected the gateway's credentials or "
        + "permissions for this deployment (PERMISSION_DENIED); check its service account.");
  }

  @Test
  void fromResponse_htmlNotFound_deploymentMessage() {
    GatewayException e = VertexErrors.fromResponse(response(404, "<!DOCTYPE html><html>404"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).isEqualTo(
        "The upstream server does not know this model or path (HTTP 404); check the deployment.");
  }

  @Test
  void fromResponse_tokenLimit_contextLength() {
    GatewayException e = VertexErrors.fromResponse(response(400, "{\"error\":{\"code\":400,"
        + "\"message\":\"The input token count (1200000) exceeds the maximum number of tokens "
        + "allowed (1048576).\",\"status\":\"INVALID_ARGUMENT\"}}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
    assertThat(e.param()).isEqualTo("messages");
    assertThat(e.getMessage()).isEqualTo("The input is longer than the model's context window "
        + "(Vertex AI INVALID_ARGUMENT: The input token count (1200000) exceeds the maximum "
        + "number of tokens allowed (1048576)).");
  }

  @Test
  void fromResponse_otherInvalidArgument_invalidRequest() {
    GatewayException e = VertexErrors.fromResponse(response(400, "{\"error\":{\"code\":400,"
        + "\"message\":\"Unable to submit request because it has an empty text parameter.\","
        + "\"status\":\"INVALID_ARGUMENT\"}}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).isEqualTo("Vertex AI rejected the request (INVALID_ARGUMENT: "
        + "Unable to submit request because it has an empty text parameter).");
  }

  @Test
  void fromResponse_outputTokenSettingRejected_invalidRequestNotContext() {
    GatewayException e = VertexErrors.fromResponse(response(400, "{\"error\":{\"code\":400,"
        + "\"message\":\"max_output_tokens must be at most 8192 tokens.\","
        + "\"status\":\"INVALID_ARGUMENT\"}}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
  }

  @Test
  void fromResponse_retryInfo_retryAfterSeconds() {
    GatewayException e = VertexErrors.fromResponse(response(429, "{\"error\":{\"code\":429,"
        + "\"message\":\"Resource exhausted.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{"
        + "\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"17.2s\"}]}}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfterSeconds()).isEqualTo(18);
  }

  @ParameterizedTest
  @CsvSource({"503, UNAVAILABLE, UPSTREAM_UNAVAILABLE", "504, DEADLINE_EXCEEDED, UPSTREAM_TIMEOUT",
      "500, INTERNAL, UPSTREAM_ERROR", "401, UNAUTHENTICATED, UPSTREAM_ERROR",
      "499, CANCELLED, UPSTREAM_ERROR"})
  void fromResponse_status_mappedKind(int code, String status, ErrorKind kind) {
    GatewayException e = VertexErrors.fromResponse(response(code, "{\"error\":{\"code\":" + code
        + ",\"message\":\"x\",\"status\":\"" + status + "\"}}"));

    assertThat(e.kind()).isEqualTo(kind);
  }

  @Test
  void fromStreamError_cancelled_upstreamErrorWithGoogleMessage() {
    GatewayException e = VertexErrors.fromStreamError(GeminiGoldens.parse(
        "{\"code\":499,\"message\":\"The operation was cancelled.\",\"status\":\"CANCELLED\"}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage())
        .isEqualTo("Vertex AI failed (CANCELLED: The operation was cancelled).");
  }

  @Test
  void fromStreamError_noStatus_midStreamFailure() {
    GatewayException e = VertexErrors.fromStreamError(GeminiGoldens.parse("{\"message\":\"boom\"}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).isEqualTo("Vertex AI failed mid-stream (error event: boom).");
  }

  private static UpstreamResponse response(int status, String body) {
    return new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body));
  }
}
