package dev.gantry.adapters.triton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bodies from extension_generate.md ("error message"), generate_rest.yaml's examples (422, 424,
 * 429, 500), Triton's qa/L0_http tests (the SSE-framed error of a failed first response, 500 and
 * 503) and the servers' own messages (TensorRT-LLM's and vLLM's length checks, Triton's unknown
 * model).
 */
class TritonErrorsTest {

  private static GatewayException map(int status, String body) {
    return TritonErrors.map(new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer(body)), "ensemble");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "400|{\"error\" : \"error message\"}|INVALID_REQUEST|Triton: error message",
      "422|{\"error\": \"Input validation error\"}|INVALID_REQUEST|Triton: Input validation error",
      "424|{\"error\": \"Request failed during generation\"}|UPSTREAM_ERROR|Triton: Request failed during generation",
      "429|{\"error\": \"Model is overloaded\"}|UPSTREAM_RATE_LIMITED|Triton: Model is overloaded",
      "500|{\"error\": \"Incomplete generation\"}|UPSTREAM_ERROR|Triton: Incomplete generation",
      "503|{\"error\":\"Exceeds maximum queue size\"}|UPSTREAM_RATE_LIMITED|Triton: Exceeds maximum queue size",
      "501|{\"error\":\"generate is not supported\"}|UPSTREAM_ERROR|Triton: generate is not supported"})
  void map_specAndServerBodies_byStatusAndMessage(int status, String body, ErrorKind kind,
      String message) {
    GatewayException e = map(status, body);

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  @ParameterizedTest
  @CsvSource({"500, UPSTREAM_ERROR", "503, UPSTREAM_UNAVAILABLE"})
  void map_streamFailedOnItsFirstResponse_readsTheSseFramedError(int status, ErrorKind kind) {
    GatewayException e = map(status, "data: {\"error\": \"An Error Occurred\"}\n\n");

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.getMessage()).isEqualTo("Triton: An Error Occurred");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "400|Prompt length (9000) exceeds maximum input length (8192). Set log level to info and check TRTGptModel logs for how maximum input length is set",
      "400|Error generating stream: The decoder prompt (length 5951) is longer than the maximum model length of 4096."})
  void map_lengthMessages_contextLengthExceeded(int status, String message) {
    GatewayException e = map(status, "{\"error\":\"" + message + "\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
    assertThat(e.kind().code()).isEqualTo("context_length_exceeded");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "400|Request for unknown model: 'ensemble' is not found",
      "404|Request for unknown model: 'ensemble' is not found"})
  void map_unknownModel_upstreamErrorNamingTheDeploymentsModel(int status, String message) {
    GatewayException e = map(status, "{\"error\":\"" + message + "\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).contains("`ensemble`", "check the deployment");
  }

  @Test
  void map_htmlFromAProxy_byStatusWithoutEchoingIt() {
    GatewayException e = map(502, "<html><body>Bad Gateway</body></html>");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(e.getMessage()).doesNotContain("html");
  }

  @Test
  void map_proxyRejectsTheKey_authenticationMessageWithoutBody() {
    GatewayException e = map(401, "{\"error\":\"invalid token\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).contains("credentials");
  }

  @Test
  void map_longMessage_cut() {
    GatewayException e = map(500, "{\"error\":\"" + "x".repeat(1000) + "\"}");

    assertThat(e.getMessage()).hasSizeLessThan(320).endsWith("...");
  }
}
