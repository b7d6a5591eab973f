package dev.gantry.adapters.huggingface.tgi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class TgiErrorsTest {

  /** Recorded: hub-client-cassettes/TestTextGenerationClientVCR.test_generate_validation_error. */
  private static final String TOO_LONG = "{\"error\":\"Input validation error: `inputs` tokens + "
      + "`max_new_tokens` must be <= 1512. Given: 2 `inputs` tokens and 10000 `max_new_tokens`\","
      + "\"error_type\":\"validation\"}";

  @Test
  void map_422LengthValidation_failsContextLengthWithTgisMessage() {
    GatewayException e = map(422, TOO_LONG);

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
    assertThat(e.kind().code()).isEqualTo("context_length_exceeded");
    assertThat(e.getMessage()).contains("must be <= 1512");
  }

  @Test
  void map_422OtherValidation_failsInvalidRequestWithTgisMessage() {
    GatewayException e = map(422, "{\"error\":\"Input validation error: `temperature` must be "
        + "strictly positive\",\"error_type\":\"validation\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage())
        .isEqualTo("TGI: Input validation error: `temperature` must be strictly positive");
  }

  @Test
  void map_424LengthGeneration_failsContextLength() {
    GatewayException e = map(424, "{\"error\":\"Input validation error: `inputs` must have less "
        + "than 4096 tokens. Given: 5000\",\"error_type\":\"generation\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
  }

  @Test
  void map_424Generation_failsUpstreamErrorRetryable() {
    GatewayException e = map(424, "{\"error\":\"Request failed during generation: Server error: "
        + "CUDA out of memory\",\"error_type\":\"generation\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void map_429Overloaded_failsUpstreamRateLimitedWithRetryAfter() {
    GatewayException e = TgiErrors.map(new UpstreamResponse(429,
        MultiMap.caseInsensitiveMultiMap().add("Retry-After", "3"),
        Buffer.buffer("{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}")));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(e.retryAfterSeconds()).isEqualTo(3);
  }

  @Test
  void map_503Loading_failsUnavailableRetryableAfterEstimatedTime() {
    GatewayException e = map(503,
        "{\"error\":\"Model tiiuae/falcon-7b-instruct is currently loading\","
            + "\"estimated_time\":577.3751831054688}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfterSeconds()).isEqualTo(578);
  }

  @Test
  void map_500NotJson_failsUpstreamErrorByStatus() {
    GatewayException e = map(500, "<html>oops</html>");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).doesNotContain("oops");
  }

  private static GatewayException map(int status, String body) {
    return TgiErrors.map(new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer(body)));
  }
}
