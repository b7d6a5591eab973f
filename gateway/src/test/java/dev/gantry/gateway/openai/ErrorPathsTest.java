package dev.gantry.gateway.openai;

import static dev.gantry.gateway.testing.GantryHarness.KEY;
import static dev.gantry.gateway.testing.GantryHarness.LIMITED_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every error path answers with the right status and an OpenAI error object, never a bare 500. */
class ErrorPathsTest {

  private static final String CHAT = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static GantryHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = GantryHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static JsonObject error(HttpResponse<String> resp, int status) {
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(status);
    assertThat(resp.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(resp.headers().firstValue("x-request-id")).isPresent();
    JsonObject error = new JsonObject(resp.body()).getJsonObject("error");
    assertThat(error).isNotNull();
    assertThat(error.fieldNames()).contains("message", "type", "param", "code");
    assertThat(error.getString("message")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    return error;
  }

  @Test
  void chat_malformedJson_returns400() throws Exception {
    JsonObject e = error(h.post("/v1/chat/completions", "{\"model\": \"chat\", ", KEY), 400);
    assertThat(e.getString("type")).isEqualTo("invalid_request_error");
  }

  @Test
  void chat_missingModel_returns400NamingParam() throws Exception {
    JsonObject e = error(h.post("/v1/chat/completions",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", KEY), 400);
    assertThat(e.getString("param")).isEqualTo("model");
  }

  @Test
  void chat_invalidTemperature_returns400NamingParam() throws Exception {
    JsonObject e = error(h.post("/v1/chat/completions",
        "{\"model\":\"chat\",\"temperature\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", KEY), 400);
    assertThat(e.getString("param")).isEqualTo("temperature");
  }

  @Test
  void chat_unknownModel_returns404ModelNotFound() throws Exception {
    JsonObject e = error(h.post("/v1/chat/completions", CHAT.replace("\"chat\"", "\"nope\""), KEY), 404);
    assertThat(e.getString("code")).isEqualTo("model_not_found");
    assertThat(e.getString("param")).isEqualTo("model");
  }

  @Test
  void chat_missingKey_returns401() throws Exception {
    JsonObject e = error(h.post("/v1/chat/completions", CHAT, null), 401);
    assertThat(e.getString("code")).isEqualTo("invalid_api_key");
  }

  @Test
  void chat_wrongKey_returns401WithoutEchoingIt() throws Exception {
    JsonObject e = error(h.post("/v1/chat/completions", CHAT, "sk-wrong-secret"), 401);
    assertThat(e.encode()).doesNotContain("sk-wrong-secret");
  }

  @Test
  void chat_keyLimitedToOtherModels_returns403() throws Exception {
    JsonObject e = error(h.post("/v1/chat/completions", CHAT, LIMITED_KEY), 403);
    assertThat(e.getString("param")).isEqualTo("model");
  }

  @Test
  void chat_keyInApiKeyHeader_isAccepted() throws Exception {
    HttpResponse<String> resp = h.post("/v1/chat/completions", CHAT, null, "api-key", KEY);
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    resp = h.post("/v1/chat/completions", CHAT, null, "x-api-key", KEY);
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
  }

  @Test
  void chat_bodyOverLimit_returns413() throws Exception {
    String big = "x".repeat((int) GantryHarness.MAX_BODY + 10);
    JsonObject e = error(h.post("/v1/chat/completions",
        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}", KEY), 413);
    assertThat(e.getString("code")).isEqualTo("request_too_large");
  }

  @Test
  void chat_embeddingsAlias_returns400() throws Exception {
    JsonObject e = error(h.post("/v1/chat/completions", CHAT.replace("\"chat\"", "\"embed\""), KEY), 400);
    assertThat(e.getString("param")).isEqualTo("model");
  }

  @Test
  void chat_featureTheProviderLacks_returns400Unsupported() throws Exception {
    JsonObject e = error(h.post("/v1/chat/completions",
        "{\"model\":\"ollama-chat\",\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", KEY), 400);
    assertThat(e.getString("code")).isEqualTo("unsupported_feature");
    assertThat(e.getString("message")).contains("logprobs");
    assertThat(h.upstream.received()).noneMatch(r -> r.body().getString("model", "").equals("llama3.2"));
  }

  @Test
  void unknownPath_returns404() throws Exception {
    error(h.post("/v1/nothing-here", "{}", KEY), 404);
  }

  @Test
  void wrongMethod_returns405() throws Exception {
    error(h.get("/v1/chat/completions", KEY), 405);
  }

  @Test
  void chat_upstream429_returns429WithRetryAfter() throws Exception {
    h.upstream.override("/v1/chat/completions", req -> req.response().setStatusCode(429)
        .putHeader("retry-after", "7").putHeader("content-type", "application/json")
        .end("{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"));
    try {
      HttpResponse<String> resp = h.post("/v1/chat/completions", CHAT, KEY);
      error(resp, 429);
      assertThat(resp.headers().firstValue("retry-after")).hasValue("7");
    } finally {
      h.upstream.override("/v1/chat/completions", null);
    }
  }

  @Test
  void chat_upstream500_returns502() throws Exception {
    h.upstream.override("/v1/chat/completions", req -> req.response().setStatusCode(500)
        .end("<html>Internal Server Error</html>"));
    try {
      JsonObject e = error(h.post("/v1/chat/completions", CHAT, KEY), 502);
      assertThat(e.getString("type")).isEqualTo("server_error");
      assertThat(e.getString("message")).doesNotContain("<html>");
    } finally {
      h.upstream.override("/v1/chat/completions", null);
    }
  }

  @Test
  void chat_upstreamEchoingItsKey_neverReachesTheClient() throws Exception {
    h.upstream.override("/v1/chat/completions", req -> req.response().setStatusCode(500)
        .putHeader("content-type", "application/json")
        .end("{\"error\":{\"message\":\"proxy failed for Authorization: Bearer "
            + GantryHarness.UPSTREAM_KEY + "\",\"type\":\"server_error\"}}"));
    try {
      HttpResponse<String> resp = h.post("/v1/chat/completions", CHAT, KEY);

      assertThat(resp.statusCode()).isEqualTo(502);
      assertThat(resp.body()).doesNotContain(GantryHarness.UPSTREAM_KEY)
          .contains("proxy failed for Authorization: Bearer ***");
    } finally {
      h.upstream.override("/v1/chat/completions", null);
    }
  }

  @Test
  void chat_upstreamUnreachable_returns503() throws Exception {
    JsonObject e = error(h.post("/v1/chat/completions", CHAT.replace("\"chat\"", "\"down\""), KEY), 503);
    assertThat(e.getString("code")).isEqualTo("upstream_unavailable");
  }

  @Test
  void chat_upstreamNeverAnswers_returns504WithinTheDeploymentTimeout() throws Exception {
    h.upstream.override("/v1/chat/completions", req -> { });
    try {
      long start = System.nanoTime();
      JsonObject e = error(h.post("/v1/chat/completions", CHAT.replace("\"chat\"", "\"slow\""), KEY), 504);
      assertThat(e.getString("code")).isEqualTo("upstream_timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    } finally {
      h.upstream.override("/v1/chat/completions", null);
    }
  }

  @Test
  void chat_upstreamBadRequest_keepsProviderMessageAnd400() throws Exception {
    h.upstream.override("/v1/chat/completions", req -> req.response().setStatusCode(400)
        .putHeader("content-type", "application/json")
        .end("{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"));
    try {
      JsonObject e = error(h.post("/v1/chat/completions", CHAT, KEY), 400);
      assertThat(e.getString("code")).isEqualTo("context_length_exceeded");
      assertThat(e.getString("message")).contains("maximum context length");
    } finally {
      h.upstream.override("/v1/chat/completions", null);
    }
  }

  @Test
  void anyResponse_echoesClientRequestId() throws Exception {
    HttpResponse<String> resp = h.post("/v1/chat/completions", CHAT, KEY, "x-request-id", "abc-123");
    assertThat(resp.headers().firstValue("x-request-id")).hasValue("abc-123");
    assertThat(h.upstream.received().get(h.upstream.received().size() - 1).headers())
        .containsEntry("x-request-id", "abc-123");
    resp = h.post("/v1/nothing-here", "{}", KEY, "x-request-id", "abc-456");
    assertThat(resp.headers().firstValue("x-request-id")).hasValue("abc-456");
  }

  @Test
  void models_withoutKey_returns401() throws Exception {
    error(h.get("/v1/models", null), 401);
  }

  @Test
  void formEncodedBody_isReadAsJsonOrRejectedCleanly() throws Exception {
    HttpResponse<String> resp = h.http.send(HttpRequest.newBuilder(URI.create(h.url("/v1/chat/completions")))
        .header("authorization", "Bearer " + KEY)
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).as(resp.body()).isIn(200, 400, 415);
    assertThat(resp.body()).doesNotContain("Exception");
  }
}
