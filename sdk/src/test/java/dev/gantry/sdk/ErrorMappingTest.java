package dev.gantry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The gateway's error kinds (adapters' ErrorKind: status, type, code) → the SDK's exceptions. */
class ErrorMappingTest {
  private final TestServer server = new TestServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private GantryClient client() {
    return GantryClient.builder().baseUrl(server.url()).apiKey("sk-live-abcdef").maxRetries(0)
        .build();
  }

  @ParameterizedTest
  @CsvSource({
      "400, invalid_request_error, , BadRequestException",
      "400, invalid_request_error, context_length_exceeded, ContextLengthExceededException",
      "400, invalid_request_error, content_filter, BadRequestException",
      "401, invalid_request_error, invalid_api_key, AuthenticationException",
      "403, permission_error, model_not_allowed, PermissionDeniedException",
      "404, invalid_request_error, model_not_found, NotFoundException",
      "405, invalid_request_error, method_not_allowed, BadRequestException",
      "408, invalid_request_error, , TimeoutException",
      "409, invalid_request_error, conflict, ConflictException",
      "412, invalid_request_error, precondition_failed, ConflictException",
      "413, invalid_request_error, request_too_large, BadRequestException",
      "429, rate_limit_error, rate_limit_exceeded, RateLimitException",
      "429, insufficient_quota, insufficient_quota, RateLimitException",
      "500, server_error, internal_error, InternalServerException",
      "501, server_error, , InternalServerException",
      "502, server_error, all_deployments_failed, UpstreamException",
      "503, server_error, upstream_unavailable, UpstreamException",
      "504, server_error, upstream_timeout, UpstreamException",
  })
  void errorAnswer_mapsToTypedException(int status, String type, String code, String simpleName) {
    server.thenError(status, type, code, "it failed", "x-request-id", "req-" + status);
    assertThatThrownBy(() -> client().models().list())
        .satisfies(t -> {
          assertThat(t.getClass().getSimpleName()).isEqualTo(simpleName);
          GantryException e = (GantryException) t;
          assertThat(e.status()).isEqualTo(status);
          assertThat(e.type()).contains(type);
          assertThat(e.code()).isEqualTo(java.util.Optional.ofNullable(code));
          assertThat(e.requestId()).contains("req-" + status);
          assertThat(e.getMessage()).contains("it failed").contains("req-" + status);
        });
  }

  @Test
  void errorAnswer_param_isExposed() {
    server.thenJson(400, "{\"error\":{\"message\":\"bad temperature\",\"type\":\"invalid_request_error\","
        + "\"param\":\"temperature\",\"code\":null}}");
    assertThatThrownBy(() -> client().models().list())
        .isInstanceOfSatisfying(BadRequestException.class,
            e -> assertThat(e.param()).contains("temperature"));
  }

  @Test
  void errorAnswer_notJson_givesAGenericMessage() {
    server.then(ex -> {
      byte[] b = "<html>bad gateway</html>".getBytes();
      ex.sendResponseHeaders(502, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    assertThatThrownBy(() -> client().models().list())
        .isInstanceOf(UpstreamException.class)
        .hasMessageContaining("HTTP 502")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("html"));
  }

  @Test
  void errorAnswer_echoingTheKey_isRedacted() {
    server.thenError(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: sk-live-abcdef");
    assertThatThrownBy(() -> client().models().list())
        .isInstanceOf(AuthenticationException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-live-abcdef").contains("***"));
  }

  @Test
  void request_sendsTheKeyAsBearerAndPerCallHeaders() {
    server.thenJson(200, "{\"object\":\"list\",\"data\":[]}");
    client().models().list(RequestOptions.builder().requestId("mine-1")
        .header("x-gantry-pin", "region=eu").build());
    TestServer.Seen s = server.seen.get(0);
    assertThat(s.header("Authorization")).isEqualTo("Bearer sk-live-abcdef");
    assertThat(s.header("x-request-id")).isEqualTo("mine-1");
    assertThat(s.header("x-gantry-pin")).isEqualTo("region=eu");
  }
}
