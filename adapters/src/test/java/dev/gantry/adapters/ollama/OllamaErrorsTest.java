package dev.gantry.adapters.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class OllamaErrorsTest {

  @Test
  void map_404ModelNotFound_failsUpstreamErrorNotPulled() {
    GatewayException e = map(404, "{\"error\":\"model 'llama3.2' not found\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).isEqualTo("The deployment's model `llama3.2` is not pulled on its "
        + "Ollama server (run `ollama pull llama3.2` there).");
  }

  @Test
  void map_404OlderModelNotFoundWording_failsUpstreamErrorNotPulled() {
    GatewayException e =
        map(404, "{\"error\":\"model \\\"llama3.2\\\" not found, try pulling it first\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).contains("is not pulled");
  }

  @Test
  void map_404ModelNotFoundForCallWithoutModel_failsUpstreamErrorGeneric404() {
    GatewayException e = OllamaErrors.map(new UpstreamResponse(404,
        MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{\"error\":\"model 'x' not found\"}")));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).contains("HTTP 404").doesNotContain("pulled");
  }

  @Test
  void map_404WithoutJson_failsUpstreamErrorGeneric404() {
    GatewayException e = map(404, "404 page not found");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).contains("HTTP 404").doesNotContain("pulled");
  }

  @Test
  void map_400_failsInvalidRequestWithOllamaMessage() {
    GatewayException e = map(400, "{\"error\":\"registry.ollama.ai/library/gemma:2b does not "
        + "support tools\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage())
        .isEqualTo("Ollama: registry.ollama.ai/library/gemma:2b does not support tools");
  }

  @Test
  void map_400ContextLength_failsContextLength() {
    GatewayException e = map(400, "{\"error\":\"the input length exceeds the context length\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
    assertThat(e.getMessage()).contains("context window")
        .contains("the input length exceeds the context length");
  }

  @Test
  void map_500ContextLengthAfterTruncation_failsContextLength() {
    GatewayException e = map(500,
        "{\"error\":\"input exceeds maximum context length and cannot be truncated further\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void map_429_failsUpstreamRateLimitedWithRetryAfter() {
    UpstreamResponse response = new UpstreamResponse(429,
        MultiMap.caseInsensitiveMultiMap().add("Retry-After", "7"),
        Buffer.buffer("{\"error\":\"too many requests\"}"));

    GatewayException e = OllamaErrors.map(response, "llama3.2");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(e.retryAfterSeconds()).isEqualTo(7);
    assertThat(e.getMessage()).isEqualTo("Ollama: too many requests");
  }

  @Test
  void map_500_failsUpstreamErrorWithOllamaMessage() {
    GatewayException e = map(500, "{\"error\":\"the model failed to generate a response\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).isEqualTo("Ollama: the model failed to generate a response");
  }

  @Test
  void map_502_failsUpstreamUnavailable() {
    GatewayException e = map(502, "{\"error\":\"remote model is unavailable\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(e.getMessage()).isEqualTo("Ollama: remote model is unavailable");
  }

  @Test
  void map_500NonJsonBody_failsUpstreamErrorWithoutEchoingBody() {
    GatewayException e = map(500, "<html><body>Internal Server Error</body></html>");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage())
        .isEqualTo("The Ollama server answered HTTP 500 without an error message.");
  }

  @Test
  void map_longMessage_isShortened() {
    GatewayException e = map(500, "{\"error\":\"" + "x".repeat(1000) + "\"}");

    assertThat(e.getMessage()).hasSizeLessThan(320).endsWith("...");
  }

  @Test
  void midStream_message_failsUpstreamErrorWithOllamaMessage() {
    GatewayException e = OllamaErrors.midStream("an error was encountered while running the model");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).isEqualTo(
        "The Ollama server failed mid-stream: an error was encountered while running the model");
  }

  private static GatewayException map(int status, String body) {
    return OllamaErrors.map(
        new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body)),
        "llama3.2");
  }
}
