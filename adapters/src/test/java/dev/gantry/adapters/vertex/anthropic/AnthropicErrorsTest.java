package dev.gantry.adapters.vertex.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class AnthropicErrorsTest {

  private static GatewayException map(int status, String body) {
    return AnthropicErrors.fromResponse(new UpstreamResponse(status,
        MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body)));
  }

  @Test
  void fromResponse_recordedNotFound_isUpstreamErrorWithoutDetails() {
    // test_anthropic_count_tokens_error.yaml: the recorded 404 body
    GatewayException e = map(404, "{\"error\":{\"message\":\"model: claude-does-not-exist\","
        + "\"type\":\"not_found_error\"},\"request_id\":\"req_011CVEA3SF7rnb3DuBZytqQa\","
        + "\"type\":\"error\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).isEqualTo(
        "Claude on Vertex refused the deployment's credentials or model (not_found_error).");
  }

  @Test
  void fromResponse_promptTooLong_isContextLength() {
    GatewayException e = map(400, "{\"type\":\"error\",\"error\":{\"type\":"
        + "\"invalid_request_error\",\"message\":\"prompt is too long: 210000 tokens > 200000\"}}");

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
    assertThat(e.getMessage()).contains("prompt is too long");
  }

  @Test
  void fromResponse_invalidRequest_isInvalidRequest() {
    GatewayException e = map(400, "{\"type\":\"error\",\"error\":{\"type\":"
        + "\"invalid_request_error\",\"message\":\"max_tokens: Field required\"}}");

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).isEqualTo(
        "Claude on Vertex failed (invalid_request_error): max_tokens: Field required");
  }

  @Test
  void fromResponse_rateLimit_isRetryableUpstreamRateLimited() {
    GatewayException e = map(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
        + "\"message\":\"slow down\"}}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void fromResponse_googleRpcQuota_fallsBackToStatus() {
    GatewayException e = map(429, "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\","
        + "\"status\":\"RESOURCE_EXHAUSTED\"}}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(e.getMessage()).isEqualTo("Claude on Vertex answered HTTP 429.");
  }

  @Test
  void fromResponse_htmlBody_fallsBackToStatus() {
    GatewayException e = map(503, "<html>busy</html>");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(e.getMessage()).isEqualTo("Claude on Vertex answered HTTP 503.");
  }
}
