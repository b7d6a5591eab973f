package dev.gantry.adapters.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Mapping details the golden error cases do not show; see {@code golden/huggingface/errors}. */
class HuggingFaceErrorsTest {

  private static UpstreamResponse response(int status, String body, String... headers) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    return new UpstreamResponse(status, h, Buffer.buffer(body));
  }

  @Test
  void embeddingsMapper_inputTooLong_namesInput() {
    GatewayException e = HuggingFaceErrors.mapper("input").map(response(413, "{\"error\":\"Input"
        + " validation error: `inputs` must have less than 512 tokens. Given: 600\","
        + "\"error_type\":\"validation\"}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
    assertThat(e.param()).isEqualTo("input");
  }

  @Test
  void tgiGenerationErrorAboutLength_isContextLength() {
    GatewayException e = HuggingFaceErrors.fromResponse(response(424, "{\"error\":\"Input"
        + " validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000"
        + " `inputs` tokens and 200 `max_new_tokens`\",\"error_type\":\"generation\"}"),
        "messages");

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
  }

  @Test
  void overloadedTypeOrMessage_isUpstreamRateLimitWithRetryAfter() {
    GatewayException byType = HuggingFaceErrors.fromResponse(response(500,
        "{\"error\":\"busy\",\"error_type\":\"overloaded\"}"), "messages");
    GatewayException byMessage = HuggingFaceErrors.fromResponse(response(500,
        "{\"error\":\"Model is overloaded\"}", "retry-after", "7"), "messages");

    assertThat(byType.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(byMessage.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(byMessage.retryAfterSeconds()).isEqualTo(7);
    assertThat(byMessage.retryable()).isTrue();
  }

  @Test
  void openAiShapedErrorFromARouterProvider_isReadAsOpenAi() {
    GatewayException e = HuggingFaceErrors.fromResponse(response(400, "{\"error\":{\"message\":"
        + "\"This model's maximum context length is 8192 tokens.\",\"type\":"
        + "\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}"), "messages");

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
  }

  @Test
  void waitHint_estimatedTimeElseRetryAfterElseNone() {
    assertThat(HuggingFaceErrors.waitHintMillis(response(503,
        "{\"error\":\"loading\",\"estimated_time\":1.25}", "retry-after", "9"))).isEqualTo(1250);
    assertThat(HuggingFaceErrors.waitHintMillis(response(503, "busy", "retry-after", "9")))
        .isEqualTo(9000);
    assertThat(HuggingFaceErrors.waitHintMillis(response(503, ""))).isEqualTo(-1);
  }

  @Test
  void messageLongerThanLimit_isShortened() {
    GatewayException e = HuggingFaceErrors.fromResponse(response(422,
        "{\"error\":\"" + "x".repeat(1000) + "\",\"error_type\":\"validation\"}"), "messages");

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).hasSize(303).endsWith("...");
  }
}
