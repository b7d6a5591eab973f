package dev.gantry.adapters.openai;

import static dev.gantry.adapters.openai.OpenAiChatReadRequestTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiErrorsTest {

  @Test
  void write_invalidRequest_hasOpenAiShape() {
    Buffer body = OpenAiErrors.write(GatewayException.invalid("Bad 'n'.", "n"));

    assertThat(Json.parse(body)).isEqualTo(json("""
        {"error":{"message":"Bad 'n'.","type":"invalid_request_error","param":"n","code":null}}
        """));
  }

  @Test
  void write_upstreamRateLimited_usesKindTypeAndCode() {
    Buffer body = OpenAiErrors.write(new GatewayException(ErrorKind.UPSTREAM_RATE_LIMITED,
        "Slow down."));

    assertThat(Json.parse(body)).isEqualTo(json("""
        {"error":{"message":"Slow down.","type":"rate_limit_error","param":null,
         "code":"upstream_rate_limited"}}
        """));
  }

  @Test
  void fromResponse_429WithRetryAfter_isUpstreamRateLimitedWithDelay() {
    GatewayException e = OpenAiErrors.fromResponse(response(429, "7",
        "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
    assertThat(e.retryAfterSeconds()).isEqualTo(7);
    assertThat(e.getMessage()).isEqualTo("Rate limit reached for requests");
  }

  @Test
  void fromResponse_400WithParam_keepsProviderParam() {
    GatewayException e = OpenAiErrors.fromResponse(response(400, null,
        "{\"error\":{\"message\":\"Invalid 'top_k'\",\"type\":\"BadRequestError\","
            + "\"param\":\"top_k\",\"code\":400}}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo("top_k");
  }

  @Test
  void fromResponse_fastApiDetail_usesFirstMessage() {
    GatewayException e = OpenAiErrors.fromResponse(response(422, null,
        "{\"detail\":[{\"loc\":[\"body\",\"messages\"],\"msg\":\"field required\","
            + "\"type\":\"value_error.missing\"}]}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).isEqualTo("field required");
  }

  @Test
  void fromResponse_longMessage_isCut() {
    String longMessage = "x".repeat(5000);
    GatewayException e = OpenAiErrors.fromResponse(response(500, null,
        "{\"error\":{\"message\":\"" + longMessage + "\"}}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).hasSize(OpenAiErrors.MAX_MESSAGE + 3).endsWith("...");
  }

  @Test
  void fromResponse_emptyBody_namesStatusOnly() {
    GatewayException e = OpenAiErrors.fromResponse(response(504, null, ""));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    assertThat(e.getMessage()).contains("HTTP 504");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"error":{"message":"CUDA out of memory","type":"InternalServerError","param":null,"code":500}} | UPSTREAM_ERROR
      {"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}             | UPSTREAM_UNAVAILABLE
      {"error":"Request failed during generation: Server error: Out of available cache blocks","error_type":"generation"} | UPSTREAM_ERROR
      {"error":"Model is overloaded","error_type":"overloaded"}                             | UPSTREAM_RATE_LIMITED
      {"error":{"message":"bad schema","type":"invalid_request_error","param":null,"code":null}} | INVALID_REQUEST
      {"error":{"code":500,"message":"the request exceeds the available context size. try increasing the context size or enable context shift","type":"exceed_context_size_error"}} | CONTEXT_LENGTH
      {"object":"error","message":"oops","type":"InternalServerError","param":null,"code":500} | UPSTREAM_ERROR
      {"error":{}}                                                                           | UPSTREAM_ERROR
      """)
  void fromStreamError_knownShapes_mapToKind(String event, ErrorKind kind) {
    GatewayException e = OpenAiErrors.fromStreamError(json(event));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.getMessage()).isNotBlank();
  }

  private static UpstreamResponse response(int status, String retryAfter, String body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (retryAfter != null) {
      headers.add("retry-after", retryAfter);
    }
    return new UpstreamResponse(status, headers, Buffer.buffer(body));
  }
}
